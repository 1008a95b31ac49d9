package dev.duplex.bench;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * MariaDB's own replication on a server of the bench: the peer Duplex's apply is compared with.
 * Positions are the master's binlog coordinates (file/pos, not GTID), the same ones Duplex uses.
 */
final class NativeReplica implements Applier {
    private final MySqlServer server;
    private final String label;
    private long pid;

    NativeReplica(MySqlServer server, String label) {
        this.server = server;
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public synchronized long targetPid() {
        if (pid == 0) {
            pid = ProcessStats.pidOf(server);
        }
        return pid;
    }

    @Override
    public void hold() throws SQLException {
        stopSqlThread();
    }

    @Override
    public void release() throws SQLException {
        startSqlThread();
    }

    @Override
    public void awaitQueued(BinlogPosition p, Duration timeout) throws SQLException, InterruptedException {
        awaitFetched(p, timeout);
    }

    MySqlServer server() {
        return server;
    }

    /** Replicates {@code master} from {@code from} with {@code parallelThreads} (0 = single-threaded). */
    void follow(MySqlServer master, BinlogPosition from, int parallelThreads) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("STOP SLAVE");
            st.execute("SET GLOBAL slave_parallel_threads = " + parallelThreads);
            try (PreparedStatement ps = c.prepareStatement("CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = "
                    + master.port() + ", MASTER_USER = ?, MASTER_PASSWORD = ?, MASTER_LOG_FILE = ?, MASTER_LOG_POS = "
                    + from.pos() + ", MASTER_USE_GTID = no")) {
                ps.setString(1, master.host());
                ps.setString(2, master.user());
                ps.setString(3, master.password());
                ps.setString(4, from.file());
                ps.execute();
            }
            st.execute("START SLAVE");
        }
    }

    /** Stops replicating and forgets the master (the data stays). */
    void detach() throws SQLException {
        sql("STOP SLAVE");
        sql("RESET SLAVE ALL");
    }

    void stopSqlThread() throws SQLException {
        sql("STOP SLAVE SQL_THREAD");
    }

    void startSqlThread() throws SQLException {
        sql("START SLAVE SQL_THREAD");
    }

    /** Waits until the IO thread has fetched the master's binlog up to {@code p} into the relay log. */
    void awaitFetched(BinlogPosition p, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Status s = status();
            if (s.fetched().compareTo(p) >= 0) {
                return;
            }
            if (!s.ioError().isEmpty() || System.nanoTime() > deadline) {
                throw new BenchException("replica " + server.name() + " fetched only up to " + s.fetched() + " of "
                        + p + (s.ioError().isEmpty() ? " within " + timeout : ": " + s.ioError()));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits (MASTER_POS_WAIT, one second at a time so a replication error ends the wait) until the
     * SQL thread has executed the master's binlog up to {@code p}.
     */
    @Override
    public void awaitApplied(BinlogPosition p, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = server.connect();
             PreparedStatement ps = c.prepareStatement("SELECT MASTER_POS_WAIT(?, ?, 1)")) {
            ps.setString(1, p.file());
            ps.setLong(2, p.pos());
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long r = rs.getLong(1);
                    if (!rs.wasNull() && r >= 0) {
                        return;
                    }
                }
                Status s = status();
                if (!s.sqlError().isEmpty() || System.nanoTime() > deadline) {
                    throw new BenchException("replica " + server.name() + " did not apply up to " + p + " within "
                            + timeout + " (executed " + s.executed() + (s.sqlError().isEmpty() ? "" : ", error: "
                            + s.sqlError()) + ")");
                }
            }
        }
    }

    record Status(BinlogPosition fetched, BinlogPosition executed, String ioError, String sqlError) {}

    Status status() throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            if (!rs.next()) {
                throw new BenchException("server " + server.name() + " is not a replica");
            }
            return new Status(new BinlogPosition(rs.getString("Master_Log_File"), rs.getLong("Read_Master_Log_Pos")),
                    new BinlogPosition(rs.getString("Relay_Master_Log_File"), rs.getLong("Exec_Master_Log_Pos")),
                    nonNull(rs.getString("Last_IO_Error")), nonNull(rs.getString("Last_SQL_Error")));
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /** The server's current binlog end (SHOW MASTER STATUS). */
    static BinlogPosition masterPosition(MySqlServer server) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new BenchException("server " + server.name() + " has no binlog (log_bin is off)");
            }
            return new BinlogPosition(rs.getString(1), rs.getLong(2));
        }
    }
}
