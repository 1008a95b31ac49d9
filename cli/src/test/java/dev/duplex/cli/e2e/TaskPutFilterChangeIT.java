package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.RuntimeFiles;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code duplex task put} of a new selection reaches both captures and both applies of a running
 * task, without a restart (docs/config.md, "When a changed configuration takes effect"): rows of
 * the table the new version leaves out stop flowing, rows of the table it takes in start flowing,
 * under the conflict rule the new version gives that table; rows written before the change are
 * not copied (no backfill).
 */
class TaskPutFilterChangeIT {
    private static final String TASK = "e2e-filter-change";
    private static final String BEFORE = """
            - database: fx
              tables:
                - t_old""";
    private static final String AFTER = """
            - database: fx
              tables:
                - {name: t_new, conflictPolicy: overwrite}""";

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE fx");
            st.execute("CREATE TABLE fx.t_old (id INT PRIMARY KEY, val VARCHAR(20))");
            st.execute("CREATE TABLE fx.t_new (id INT PRIMARY KEY, val VARCHAR(20))");
        }
    }

    @Test
    void shouldStopTheNewlyExcludedTableAndStartTheNewlyIncludedOneInBothDirectionsWithoutARestart()
            throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, BEFORE, "conflictPolicy: ignore",
                TaskPutFilterChangeIT::createSchema)) {
            cluster.startRuntime();
            RuntimeFiles.publish(cluster.stateDir(), TASK, cluster.services());
            exec(cluster.a(), "INSERT INTO fx.t_old VALUES (1, 'a')", "INSERT INTO fx.t_new VALUES (1, 'a')");
            exec(cluster.b(), "INSERT INTO fx.t_old VALUES (2, 'b')", "INSERT INTO fx.t_new VALUES (2, 'b')");
            cluster.awaitDrained(Duration.ofSeconds(30));
            assertEquals(Map.of(1, "a", 2, "b"), rows(cluster.b(), "t_old"));
            assertEquals(Map.of(1, "a"), rows(cluster.a(), "t_new"), "t_new is not selected yet");

            Path changed = dir.resolve("task-v2.yaml");
            Files.writeString(changed, cluster.nodes().document().replace(BEFORE.indent(2), AFTER.indent(2)));
            CliRun put = CliRun.of("task", "put", "-c", changed.toString(), "--state-dir",
                    cluster.stateDir().toString());
            assertEquals(0, put.exitCode(), put.err());
            assertTrue(put.err().contains("newly selects table fx.t_new") && put.err().contains("not copied"),
                    "put warns that t_new gets no backfill: " + put.err());

            for (Direction d : Direction.values()) {
                awaitNewTableFlows(cluster, d);
            }
            // Written after the change took effect: the left-out table's rows stay home, a later row of the new
            // table arrives (the queue keeps the order, so the earlier row would have arrived before it).
            exec(cluster.a(), "INSERT INTO fx.t_old VALUES (100, 'a')", "INSERT INTO fx.t_new VALUES (100, 'a')");
            exec(cluster.b(), "INSERT INTO fx.t_old VALUES (200, 'b')", "INSERT INTO fx.t_new VALUES (200, 'b')");
            cluster.awaitDrained(Duration.ofSeconds(30));
            assertEquals("a", rows(cluster.b(), "t_new").get(100));
            assertEquals("b", rows(cluster.a(), "t_new").get(200));
            assertEquals(null, rows(cluster.b(), "t_old").get(100), "t_old is no longer selected");
            assertEquals(null, rows(cluster.a(), "t_old").get(200), "t_old is no longer selected");
            // No backfill: what t_new held before the change stays where it was written.
            assertEquals(null, rows(cluster.b(), "t_new").get(1));
            assertEquals(null, rows(cluster.a(), "t_new").get(2));

            // Apply follows too: the new version's rule for t_new (overwrite, not the task's ignore) settles a conflict.
            cluster.runtime().states().moveTo(TaskState.PAUSED, "e2e: make conflicting writes");
            exec(cluster.a(), "INSERT INTO fx.t_new VALUES (500, 'from-a')");
            exec(cluster.b(), "INSERT INTO fx.t_new VALUES (500, 'from-b')");
            cluster.runtime().states().moveTo(TaskState.RUNNING, "");
            cluster.awaitDrained(Duration.ofSeconds(60));
            assertEquals("from-a", rows(cluster.b(), "t_new").get(500), "overwrite: b takes a's row");
            assertEquals("from-b", rows(cluster.a(), "t_new").get(500), "overwrite: a takes b's row");
        }
    }

    /**
     * The capture reads the stored version within a second; until then its rows are selected under
     * the old one. A fresh row is written on each look until one arrives.
     */
    private static void awaitNewTableFlows(SyncCluster cluster, Direction d) {
        MySqlServer source = cluster.source(d);
        MySqlServer target = cluster.target(d);
        int base = d == Direction.A2B ? 10 : 20;
        int[] next = {base * 100};
        Await.until("a row of t_new written on node " + d.sourceNode() + " to reach node " + d.targetNode(),
                Duration.ofSeconds(30), () -> {
                    exec(source, "INSERT INTO fx.t_new VALUES (" + next[0]++ + ", '" + d.sourceNode() + "')");
                    return rows(target, "t_new").keySet().stream().anyMatch(id -> id >= base * 100);
                }, cluster::describe);
    }

    private static Map<Integer, String> rows(MySqlServer server, String table) throws SQLException {
        Map<Integer, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, val FROM fx." + table)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private static void exec(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
