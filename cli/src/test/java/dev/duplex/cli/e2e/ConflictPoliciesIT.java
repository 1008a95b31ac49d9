package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.RuntimeFiles;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes to the same key on both nodes, made deterministic by pausing the task while both
 * writes happen, end as apply-function/README.md documents for each policy, and
 * {@code duplex status} lists the conflicts.
 */
class ConflictPoliciesIT {
    private static final String OBJECTS = """
            - database: cx
              tables:
                - c_ignore
                - {name: c_overwrite, conflictPolicy: overwrite}
                - {name: c_usemax, useMax: version}
                - {name: c_usemin, useMin: version}
                - {name: c_failed, conflictPolicy: task-failed}""";

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE cx");
            for (String t : List.of("c_ignore", "c_overwrite", "c_usemax", "c_usemin", "c_failed")) {
                st.execute("CREATE TABLE cx." + t + " (id INT PRIMARY KEY, version INT NOT NULL, val VARCHAR(20))");
            }
        }
    }

    @Test
    void shouldSettleSameKeyWritesOnBothNodesAsEachPolicyDocuments() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-conflicts", OBJECTS, "conflictPolicy: ignore",
                ConflictPoliciesIT::createSchema)) {
            cluster.startRuntime();
            RuntimeFiles.publish(cluster.stateDir(), "e2e-conflicts", cluster.services());
            exec(cluster.a(), "INSERT INTO cx.c_ignore VALUES (2, 1, 'seed'), (3, 1, 'seed')",
                    "INSERT INTO cx.c_overwrite VALUES (2, 1, 'seed')");
            cluster.awaitDrained(Duration.ofSeconds(30));

            whilePaused(cluster, () -> {
                for (String t : List.of("c_ignore", "c_overwrite", "c_usemax", "c_usemin")) {
                    exec(cluster.a(), "INSERT INTO cx." + t + " VALUES (1, 5, 'from-a')");
                    exec(cluster.b(), "INSERT INTO cx." + t + " VALUES (1, 9, 'from-b')");
                }
                exec(cluster.a(), "UPDATE cx.c_ignore SET version = 2, val = 'upd-a' WHERE id = 2",
                        "UPDATE cx.c_overwrite SET version = 2, val = 'upd-a' WHERE id = 2",
                        "DELETE FROM cx.c_ignore WHERE id = 3");
                exec(cluster.b(), "DELETE FROM cx.c_ignore WHERE id = 2", "DELETE FROM cx.c_overwrite WHERE id = 2",
                        "DELETE FROM cx.c_ignore WHERE id = 3");
            });
            cluster.awaitDrained(Duration.ofSeconds(60));

            // ignore: each side keeps its own row; the update of a row deleted on b is skipped.
            assertRows(cluster, "c_ignore", Map.of(1, "5 from-a"), Map.of(1, "9 from-b"));
            // overwrite: each side takes the other's row; the update of a row deleted on b re-inserts it there.
            assertRows(cluster, "c_overwrite", Map.of(1, "9 from-b"), Map.of(1, "5 from-a", 2, "2 upd-a"));
            // useMax/useMin: the greater/smaller version wins on both sides.
            assertRows(cluster, "c_usemax", Map.of(1, "9 from-b"), Map.of(1, "9 from-b"));
            assertRows(cluster, "c_usemin", Map.of(1, "5 from-a"), Map.of(1, "5 from-a"));
            List<ConflictRecord> recorded = cluster.status().conflicts();
            assertConflict(recorded, Direction.A2B, "c_ignore", "INSERT_DUPLICATE", "KEEP_TARGET");
            assertConflict(recorded, Direction.B2A, "c_ignore", "INSERT_DUPLICATE", "KEEP_TARGET");
            assertConflict(recorded, Direction.A2B, "c_ignore", "UPDATE_MISSING", "KEEP_TARGET");
            assertConflict(recorded, Direction.A2B, "c_ignore", "DELETE_MISSING", "KEEP_TARGET");
            assertConflict(recorded, Direction.B2A, "c_ignore", "DELETE_MISSING", "KEEP_TARGET");
            assertConflict(recorded, Direction.A2B, "c_overwrite", "INSERT_DUPLICATE", "APPLY_INCOMING");
            assertConflict(recorded, Direction.B2A, "c_overwrite", "INSERT_DUPLICATE", "APPLY_INCOMING");
            assertConflict(recorded, Direction.A2B, "c_overwrite", "UPDATE_MISSING", "APPLY_INCOMING");
            assertConflict(recorded, Direction.A2B, "c_usemax", "INSERT_DUPLICATE", "KEEP_TARGET");
            assertConflict(recorded, Direction.B2A, "c_usemax", "INSERT_DUPLICATE", "APPLY_INCOMING");
            assertConflict(recorded, Direction.A2B, "c_usemin", "INSERT_DUPLICATE", "APPLY_INCOMING");
            assertConflict(recorded, Direction.B2A, "c_usemin", "INSERT_DUPLICATE", "KEEP_TARGET");
            assertEquals(12, recorded.size(), "five on c_ignore, three on c_overwrite, two each on c_usemax/min");
            Await.until("the status counters to count the 12 conflicts", Duration.ofSeconds(10),
                    () -> cluster.status().conflictCount() == 12, cluster::describe);
            CliRun shown = status(cluster);
            assertEquals(0, shown.exitCode(), shown.err());
            assertTrue(shown.out().contains("recent conflicts (12 in all)"), shown.out());
            assertListsTheLatestConflicts(shown, recorded);
            assertEquals(TaskState.RUNNING, cluster.status().task().state());

            assertTaskFailedStopsAtTheConflict(cluster);
        }
    }

    /**
     * task-failed: the task goes FAILED naming the conflict, nothing after it is applied, and
     * after the documented resume (change the policy, FAILED to RUNNING) everything arrives.
     */
    private void assertTaskFailedStopsAtTheConflict(SyncCluster cluster) throws Exception {
        BinlogPosition[] afterConflict = new BinlogPosition[1];
        whilePaused(cluster, () -> {
            exec(cluster.a(), "INSERT INTO cx.c_failed VALUES (1, 5, 'from-a')");
            exec(cluster.b(), "INSERT INTO cx.c_failed VALUES (1, 9, 'from-b')");
            afterConflict[0] = Binlogs.end(cluster.a());
            exec(cluster.a(), "INSERT INTO cx.c_ignore VALUES (10, 1, 'later')");
        });
        Await.until("the task to fail on the c_failed conflict", Duration.ofSeconds(60),
                () -> cluster.status().task().state() == TaskState.FAILED, cluster::describe);
        String reason = cluster.status().task().stateReason();
        assertTrue(reason.contains("c_failed") && reason.contains("INSERT_DUPLICATE"), reason);
        BinlogPosition later = Binlogs.end(cluster.a());
        Await.until("capture a2b to publish past the later write", Duration.ofSeconds(30),
                () -> Optional.ofNullable(cluster.status().checkpoints().get(Direction.A2B))
                        .map(cp -> cp.position().compareTo(later) >= 0).orElse(false), cluster::describe);
        assertRows(cluster, "c_failed", Map.of(1, "5 from-a"), Map.of(1, "9 from-b"));
        assertEquals(Map.of(), rows(cluster.b(), "SELECT id, version, val FROM cx.c_ignore WHERE id = 10"),
                "nothing after the conflict is applied while the task is FAILED");
        assertTrue(cluster.appliedPosition(Direction.A2B).orElseThrow().compareTo(afterConflict[0]) < 0,
                "b's apply checkpoint stays before the conflicting transaction");
        CliRun shown = status(cluster);
        assertEquals(1, shown.exitCode(), "status exits 1 for a FAILED task");
        assertTrue(shown.out().contains("FAILED") && shown.out().contains("c_failed")
                && shown.out().contains("-> FAIL_TASK"), shown.out());

        String fixed = cluster.nodes().document().replace("{name: c_failed, conflictPolicy: task-failed}",
                "{name: c_failed, conflictPolicy: overwrite}");
        cluster.services().stores().tasks().put("e2e-conflicts", fixed);
        cluster.runtime().states().moveThrough(List.of(TaskState.PRECHECK, TaskState.RUNNING), "conflict fixed");
        cluster.awaitDrained(Duration.ofSeconds(90));
        assertRows(cluster, "c_failed", Map.of(1, "9 from-b"), Map.of(1, "5 from-a"));
        assertEquals(Map.of(10, "1 later"), rows(cluster.b(), "SELECT id, version, val FROM cx.c_ignore WHERE id = 10"));
    }

    @FunctionalInterface
    private interface Writes {
        void run() throws Exception;
    }

    /** Pollers apply nothing while the task is PAUSED; the captures keep queueing. */
    private static void whilePaused(SyncCluster cluster, Writes writes) throws Exception {
        cluster.runtime().states().moveTo(TaskState.PAUSED, "e2e: make conflicting writes");
        writes.run();
        cluster.runtime().states().moveTo(TaskState.RUNNING, "");
    }

    private CliRun status(SyncCluster cluster) {
        return CliRun.of("status", "-c", cluster.nodes().configFile().toString(), "--state-dir",
                cluster.stateDir().toString(), "--sample-ms", "200");
    }

    /** status shows the ten most recent conflicts, one line each. */
    private static void assertListsTheLatestConflicts(CliRun shown, List<ConflictRecord> newestFirst) {
        for (ConflictRecord c : newestFirst.subList(0, 10)) {
            String line = c.direction().code() + " " + c.database() + "." + c.table() + " key " + c.key() + ": "
                    + c.kind() + " -> " + c.decision();
            assertTrue(shown.out().contains(line), line + " in\n" + shown.out());
        }
    }

    private static void assertConflict(List<ConflictRecord> recorded, Direction d, String table, String kind,
                                       String decision) {
        assertTrue(recorded.stream().anyMatch(c -> c.direction() == d && c.table().equals(table)
                        && c.kind().equals(kind) && c.decision().equals(decision)),
                d.code() + " " + table + " " + kind + " -> " + decision + " in " + recorded.stream()
                        .map(c -> c.direction().code() + " " + c.table() + " " + c.kind() + " -> " + c.decision())
                        .toList());
    }

    private static void assertRows(SyncCluster cluster, String table, Map<Integer, String> onA,
                                   Map<Integer, String> onB) throws SQLException {
        String q = "SELECT id, version, val FROM cx." + table;
        assertEquals(new TreeMap<>(onA), rows(cluster.a(), q), table + " on a");
        assertEquals(new TreeMap<>(onB), rows(cluster.b(), q), table + " on b");
    }

    private static Map<Integer, String> rows(MySqlServer server, String query) throws SQLException {
        Map<Integer, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getInt(2) + " " + rs.getString(3));
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
