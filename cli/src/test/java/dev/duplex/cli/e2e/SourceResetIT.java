package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RESET MASTER on node a behind a task's back starts its binlog again under the same file names:
 * the positions the task recorded now name other changes. The restarted runtime must refuse them
 * with the reason and the recovery command, never stream from them; {@code duplex task reset}
 * clears every checkpoint, and the task started again (with a full sync) ends identical.
 */
class SourceResetIT {
    private static final Logger LOG = LoggerFactory.getLogger(SourceResetIT.class);
    private static final String DB = "rst";

    @TempDir
    Path dir;

    @Test
    void shouldStopOnAResetSourceAndStartOverAfterTaskReset() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-reset", "- database: " + DB,
                "types: [full, incremental]\nconflictingTables: ignore-and-proceed\nconflictPolicy: task-failed",
                c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + DB);
                        st.execute("CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))");
                    }
                })) {
            cluster.startRuntime();
            Await.until("the full sync to finish", Duration.ofSeconds(60),
                    () -> cluster.status().task().state() == TaskState.RUNNING, cluster::describe);
            insert(cluster, 1, 40);
            cluster.awaitDrained(Duration.ofSeconds(60));
            cluster.stopRuntime();

            sql(cluster, "RESET MASTER");
            insert(cluster, 100, 120); // written after the reset: only a new full sync brings them to b

            var refused = assertThrows(IllegalStateException.class, cluster::startRuntime);
            LOG.info("restart after RESET MASTER refused: {}", refused.getMessage());
            assertTrue(refused.getMessage().contains("RESET MASTER"), refused.getMessage());
            assertTrue(refused.getMessage().contains("duplex task reset e2e-reset --yes"), refused.getMessage());
            assertEquals(TaskState.FAILED, cluster.status().task().state());
            assertEquals(0, count(cluster, "b", 100), "nothing streamed from a position that means other changes");
            cluster.stopRuntime();

            String endpoint = cluster.services().dynamo().endpoint().toString();
            // The services outlive the runtime here, so the failed start's messages are still queued.
            String sqs = cluster.services().sqs().endpoint().toString();
            CliRun unconfirmed = CliRun.of("task", "reset", "e2e-reset", "--dynamodb-endpoint", endpoint);
            assertEquals(2, unconfirmed.exitCode(), unconfirmed.err());
            CliRun reset = CliRun.of("task", "reset", "e2e-reset", "--yes", "--dynamodb-endpoint", endpoint,
                    "--sqs-endpoint", sqs, "--state-dir", cluster.stateDir().toString());
            LOG.info("task reset: {}{}", reset.out(), reset.err());
            assertEquals(0, reset.exitCode(), reset.out() + reset.err());
            assertTrue(reset.out().contains("task 'e2e-reset' reset"), reset.out());
            assertTrue(reset.out().contains("duplex-e2e-reset-b2a.fifo"), "the old run's queued messages purged");

            cluster.startRuntime();
            Await.until("the new full sync to finish", Duration.ofSeconds(60),
                    () -> cluster.status().task().state() == TaskState.RUNNING, cluster::describe);
            insert(cluster, 200, 210);
            cluster.awaitDrained(Duration.ofSeconds(60));
            Convergence.assertIdentical(cluster, DB, 1);
            assertEquals(21 + 11, count(cluster, "b", 100), "rows written after RESET MASTER reached b by the full sync");
        }
    }

    private static void insert(SyncCluster cluster, int from, int to) throws SQLException {
        try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
            for (int id = from; id <= to; id++) {
                st.execute("INSERT INTO " + DB + ".t VALUES (" + id + ", 'v" + id + "')");
            }
        }
    }

    private static void sql(SyncCluster cluster, String statement) throws SQLException {
        try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static long count(SyncCluster cluster, String node, int fromId) throws SQLException {
        try (Connection c = ("a".equals(node) ? cluster.a() : cluster.b()).connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + DB + ".t WHERE id >= " + fromId)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
