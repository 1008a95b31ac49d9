package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.RuntimeFiles;
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
 * {@code ALTER TABLE … ADD COLUMN … DEFAULT (UUID())} on node a: node a fills its rows with UUIDs
 * the binlog never carries, and node b would fill its own with others, so every row would differ
 * without a word. The task stops FAILED before node b runs it, and the recovery its message names
 * (leave the table out, start again, add the column on node b, select the table again, repair
 * from node a) ends with both nodes identical.
 */
class PerNodeDefaultIT {
    private static final String TASK = "e2e-per-node-default";
    private static final String BOTH = """
            - database: nd
              tables: [t, other]""";
    private static final String ALTER = "ALTER TABLE nd.t ADD COLUMN u CHAR(36) NOT NULL DEFAULT (UUID())";

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE nd");
            st.execute("CREATE TABLE nd.t (id INT PRIMARY KEY, v INT)");
            st.execute("CREATE TABLE nd.other (id INT PRIMARY KEY)");
        }
    }

    @Test
    void shouldStopBeforeNodeBFillsTheColumnItsOwnWayAndRecoverAsTheMessageSays() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, BOTH, "conflictPolicy: task-failed",
                PerNodeDefaultIT::createSchema)) {
            cluster.startRuntime();
            exec(cluster.a(), "INSERT INTO nd.t SELECT seq, seq FROM nd.seq_1_to_50");
            cluster.awaitDrained(Duration.ofSeconds(30));
            exec(cluster.a(), ALTER);

            Await.until("the task to fail at the ALTER", Duration.ofSeconds(60),
                    () -> cluster.status().task().state() == TaskState.FAILED, cluster::describe);
            String reason = cluster.status().task().stateReason();
            assertTrue(reason.contains("added a column to selected table `nd`.`t` with a DEFAULT that calls UUID()")
                    && reason.contains("duplex verify --repair --source a"), reason);
            assertFalse(columns(cluster.b()).contains("u"), "node b never ran the statement");

            // The recovery, step by step as the message gives it.
            cluster.stopRuntime();
            String without = cluster.nodes().document().replace("[t, other]", "[other]");
            cluster.startRuntime(without);
            RuntimeFiles.publish(cluster.stateDir(), TASK, cluster.services());
            exec(cluster.a(), "INSERT INTO nd.other VALUES (1)", "UPDATE nd.t SET v = -v WHERE id = 7");
            Await.until("capture to pass the ALTER", Duration.ofSeconds(30),
                    () -> rows(cluster.b(), "SELECT id, id FROM nd.other").size() == 1, cluster::describe);
            exec(cluster.b(), ALTER);
            Path again = dir.resolve("again.yaml");
            Files.writeString(again, cluster.nodes().document());
            CliRun put = CliRun.of("task", "put", "-c", again.toString(), "--state-dir", cluster.stateDir().toString());
            assertEquals(0, put.exitCode(), put.out() + put.err());
            String config = cluster.nodes().configFile().toString();
            assertEquals(1, CliRun.of("verify", "-c", config, "--no-recheck").exitCode(), "u differs before the repair");
            CliRun repair = CliRun.of("verify", "-c", config, "--repair", "--source", "a");
            assertEquals(0, repair.exitCode(), repair.out() + repair.err());
            assertTrue(repair.out().contains("50 keys repaired, 0 still differ"), repair.out());

            cluster.awaitDrained(Duration.ofSeconds(60));
            assertEquals(rows(cluster.a(), "SELECT id, CONCAT(v, ' ', u) FROM nd.t"),
                    rows(cluster.b(), "SELECT id, CONCAT(v, ' ', u) FROM nd.t"));
            assertEquals(0, CliRun.of("verify", "-c", config, "--no-recheck").exitCode());
        }
    }

    private static String columns(MySqlServer server) throws SQLException {
        return rows(server, "SELECT ORDINAL_POSITION, COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'nd' AND TABLE_NAME = 't'").values().toString();
    }

    private static Map<Integer, String> rows(MySqlServer server, String query) throws SQLException {
        Map<Integer, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    private static void exec(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
