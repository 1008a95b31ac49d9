package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source transaction larger than one message travels as fragments. {@code duplex local} is
 * killed with SIGKILL after node b applied some of them (ElasticMQ keeps nothing): the restarted
 * runtime must send the rest of the transaction, however many fragments were applied.
 */
class FragmentedTransactionCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentedTransactionCrashIT.class);
    private static final String DB = "frag";
    /** About 12 MB of row images: a dozen fragments or more. */
    private static final int ROWS = 40_000;

    @TempDir
    Path dir;

    @Test
    void shouldApplyTheWholeTransactionAfterACrashBetweenItsFragments() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-frag", "- database: " + DB,
                "conflictPolicy: task-failed", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + DB);
                        st.execute("CREATE TABLE " + DB + ".big (id INT PRIMARY KEY, pad VARCHAR(300) NOT NULL)");
                    }
                })) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            long seen;
            try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                first.awaitRunning(state, Duration.ofSeconds(90));
                insertOneTransaction(cluster, ROWS);
                seen = killBetweenFragments(cluster, first);
            }
            LOG.info("killed duplex local with {} of {} rows of one transaction on node b", seen, ROWS);
            try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                second.awaitRunning(state, Duration.ofSeconds(120));
                cluster.awaitDrained(Duration.ofMinutes(3));
                long after = count(cluster, "b");
                LOG.info("after the restart node b has {} of {} rows", after, ROWS);
                assertEquals(ROWS, after, "every row of the transaction reached node b:\n" + second.output());
                Convergence.assertIdentical(cluster, DB, 1);
                second.stop(Duration.ofSeconds(60));
            }
        }
    }

    private static void insertOneTransaction(SyncCluster cluster, int rows) throws SQLException {
        try (Connection c = cluster.a().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DB + ".big VALUES (?, ?)")) {
                String pad = "p".repeat(290);
                for (int id = 1; id <= rows; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, pad);
                    ps.addBatch();
                    if (id % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Kills the runtime as soon as node b holds part of the transaction; the part it holds. */
    private static long killBetweenFragments(SyncCluster cluster, RuntimeProcess runtime) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long n = count(cluster, "b");
            if (n > 0 && n < ROWS) {
                runtime.kill();
                return count(cluster, "b");
            }
            if (n == ROWS) {
                throw new AssertionError("node b applied the whole transaction before a kill could land between "
                        + "two fragments; make it larger");
            }
            Thread.sleep(5);
        }
        throw new AssertionError("node b applied nothing of the transaction within 2 minutes:\n"
                + runtime.output() + "\n" + cluster.describe());
    }

    private static long count(SyncCluster cluster, String node) throws SQLException {
        var server = "a".equals(node) ? cluster.a() : cluster.b();
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + DB + ".big")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
