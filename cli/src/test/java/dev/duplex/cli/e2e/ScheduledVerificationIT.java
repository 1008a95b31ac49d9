package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.VerifyResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify: {schedule: ...}}: the running task compares the nodes by itself and {@code duplex
 * status} shows what differs, here a row node b lost behind Duplex's back before the task started.
 */
class ScheduledVerificationIT {

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE sv");
            st.execute("CREATE TABLE sv.items (id INT PRIMARY KEY, name VARCHAR(20))");
            st.execute("INSERT INTO sv.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
    }

    @Test
    void shouldVerifyOnScheduleAndShowTheDifferingKeysInStatus() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-verify-schedule", "- database: sv",
                "conflictPolicy: task-failed", "verify:\n  schedule: 1m\n  chunkRows: 100",
                ScheduledVerificationIT::createSchema)) {
            try (Connection c = cluster.b().connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
                st.execute("DELETE FROM sv.items WHERE id = 2");
            }
            cluster.startRuntime();
            Await.until("the first scheduled verification", Duration.ofSeconds(60),
                    () -> cluster.status().verification().isPresent(), cluster::describe);
            VerifyResult v = cluster.status().verification().orElseThrow();
            assertEquals(1, v.differences(), v.toString());
            assertEquals(List.of("sv.items: 1 keys, e.g. [(2) only on a]"), v.differing());
            List<String> shown = cluster.status().render(null);
            assertTrue(shown.stream().anyMatch(l -> l.contains("last verification") && l.contains("1 keys differ")
                    && l.contains("(2) only on a")), shown.toString());
        }
    }
}
