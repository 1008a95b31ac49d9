package dev.duplex.bench;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end latency probes. A writer inserts a row stamped with the source's UTC_TIMESTAMP(6)
 * at a fixed interval, among the workload's own transactions; a watcher polls a target for new
 * rows and records, for each, the time it became visible there minus its stamp. The same probes
 * and the same watcher measure Duplex and the native replica, so the method costs both the same
 * (the poll interval bounds the overestimate).
 */
final class Probes {
    static final String DATABASE = "bench_probe";
    static final String TABLE = DATABASE + ".probe";

    private Probes() {}

    static void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (series VARCHAR(32) NOT NULL, id BIGINT NOT NULL,"
                    + " ts DATETIME(6) NOT NULL, PRIMARY KEY (series, id)) ENGINE=InnoDB");
        }
    }

    /** A thread that writes one probe row per interval until stopped. */
    static final class Writer extends BenchThread {
        private final MySqlServer source;
        private final String series;
        private final Duration every;
        private final AtomicLong lastId = new AtomicLong();

        Writer(MySqlServer source, String series, Duration every) {
            super("bench-probe-" + series);
            this.source = source;
            this.series = series;
            this.every = every;
        }

        long lastId() {
            return lastId.get();
        }

        @Override
        void work() throws SQLException, InterruptedException {
            try (Connection c = source.connect();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, UTC_TIMESTAMP(6))")) {
                c.setAutoCommit(true);
                long next = System.nanoTime();
                while (!stopping()) {
                    ps.setString(1, series);
                    ps.setLong(2, lastId.get() + 1);
                    ps.executeUpdate();
                    lastId.incrementAndGet();
                    next += every.toNanos();
                    Thread.sleep(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
                }
            }
        }
    }

    /** A thread that polls a target for the probes of one series and records their latency. */
    static final class Watcher extends BenchThread {
        private final MySqlServer target;
        private final String series;
        private final Duration every;
        private final LatencySamples samples;
        private final AtomicLong seen = new AtomicLong();

        Watcher(MySqlServer target, String series, Duration every, LatencySamples samples) {
            super("bench-watch-" + series + "-" + target.name());
            this.target = target;
            this.series = series;
            this.every = every;
            this.samples = samples;
        }

        LatencySamples samples() {
            return samples;
        }

        /** Waits until the probe with this id has arrived; false on time-out. */
        boolean awaitSeen(long id, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (seen.get() < id && System.nanoTime() < deadline && failure() == null) {
                Thread.sleep(20);
            }
            return seen.get() >= id;
        }

        @Override
        void work() throws SQLException, InterruptedException {
            try (Connection c = target.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ts) FROM " + TABLE
                            + " WHERE series = ? AND id > ? ORDER BY id")) {
                c.setAutoCommit(true);
                while (!stopping()) {
                    ps.setString(1, series);
                    ps.setLong(2, seen.get());
                    try (ResultSet rs = ps.executeQuery()) {
                        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                        while (rs.next()) {
                            samples.add(now - rs.getLong(2));
                            seen.set(rs.getLong(1));
                        }
                    }
                    Thread.sleep(every);
                }
            }
        }
    }
}
