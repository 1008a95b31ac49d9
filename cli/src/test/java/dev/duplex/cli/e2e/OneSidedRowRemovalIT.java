package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.RuntimeFiles;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TRUNCATE TABLE on node b removes its rows with no row event, and DDL goes from node a to node b
 * only: node a keeps the rows. Not a stop (as in the reference), but never silent: a warning in
 * {@code duplex status}, with the fix. The TRUNCATE node a ran, which the apply ran on node b too,
 * is not reported by node b's capture: the apply marks what it runs.
 */
class OneSidedRowRemovalIT {
    private static final String TASK = "e2e-one-sided";

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE rr");
            st.execute("CREATE TABLE rr.forwarded (id INT PRIMARY KEY)");
            st.execute("CREATE TABLE rr.emptied (id INT PRIMARY KEY)");
        }
    }

    @Test
    void shouldWarnInStatusWhenNodeBTruncatesASelectedTableAndNotForTheTruncateItApplied() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, "- database: rr", "conflictPolicy: task-failed",
                OneSidedRowRemovalIT::createSchema)) {
            cluster.startRuntime();
            RuntimeFiles.publish(cluster.stateDir(), TASK, cluster.services());
            exec(cluster.a(), "INSERT INTO rr.forwarded SELECT seq FROM rr.seq_1_to_10",
                    "INSERT INTO rr.emptied SELECT seq FROM rr.seq_1_to_10");
            cluster.awaitDrained(Duration.ofSeconds(30));

            exec(cluster.a(), "TRUNCATE TABLE rr.forwarded");
            Await.until("node b to run node a's TRUNCATE", Duration.ofSeconds(30),
                    () -> count(cluster.b(), "rr.forwarded") == 0, cluster::describe);
            exec(cluster.b(), "TRUNCATE TABLE rr.emptied", "INSERT INTO rr.forwarded VALUES (100)");
            Await.until("node b's row written after its TRUNCATE to reach node a", Duration.ofSeconds(30),
                    () -> count(cluster.a(), "rr.forwarded") == 1, cluster::describe);

            CliRun status = CliRun.of("status", TASK, "--state-dir", cluster.stateDir().toString(), "--sample-ms", "0");
            assertEquals(0, status.exitCode(), status.out() + status.err());
            List<String> warnings = Arrays.stream(status.out().split("\n")).filter(l -> l.contains(" WARN ")).toList();
            assertEquals(1, warnings.size(), status.out());
            assertTrue(warnings.get(0).contains("b2a task=" + TASK + " dir=b2a pos=mysql-bin.")
                    && warnings.get(0).contains("TRUNCATE TABLE emptied `rr`.`emptied` on node b only")
                    && warnings.get(0).endsWith("copy them back with duplex verify --repair --source a"), status.out());
            assertEquals(10, count(cluster.a(), "rr.emptied"), "node a keeps the rows");
        }
    }

    private static int count(MySqlServer server, String table) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void exec(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
