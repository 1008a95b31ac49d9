package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.apply.dml.TombstoneCollector;
import dev.duplex.cli.CliRun;
import dev.duplex.cli.RuntimeFiles;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.LwwObjects;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.PrecheckReport;
import dev.duplex.precheck.Status;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Last-writer-wins one rule at a time, on real servers: what the precheck says it will add, what
 * the task start adds on both nodes, how the triggers version local writes, how the later of two
 * writes made on different nodes wins on both (a delete included), how counters add up, and which
 * tombstones the collector removes.
 */
class LastWriterWinsRulesIT {
    private static final String OBJECTS = """
            - database: lw
              conflictPolicy: last-writer-wins
              tables:
                - kv
                - {name: counters, delta: [hits]}""";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACKNOWLEDGED = "precheck:\n  acknowledge: ['lww.*']";

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE lw");
            st.execute("CREATE TABLE lw.kv (id INT PRIMARY KEY, u INT NULL UNIQUE, val VARCHAR(40))");
            st.execute("CREATE TABLE lw.counters (id INT PRIMARY KEY, hits BIGINT NOT NULL, note VARCHAR(20))");
            st.execute("INSERT INTO lw.kv VALUES (1, NULL, 'seed'), (2, NULL, 'seed'), (3, NULL, 'seed')");
            st.execute("INSERT INTO lw.counters VALUES (1, 0, 'seed')");
        }
    }

    @Test
    void shouldListEveryStatementItWillRunAndAddThemOnBothNodesAtStart() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-lww-rules", OBJECTS, "conflictPolicy: task-failed",
                ACKNOWLEDGED, LastWriterWinsRulesIT::createSchema)) {
            PrecheckReport before = Precheck.run(cluster.nodes().config(), List.of());
            CheckItem kvOnB = before.item("lww.b.lw.kv");
            assertEquals(Status.WARN, kvOnB.status(), kvOnB.toString());
            assertTrue(kvOnB.fix().contains("ADD COLUMN `duplex_version` TIMESTAMP(6)")
                    && kvOnB.fix().contains("CREATE TRIGGER") && kvOnB.fix().contains("CREATE TABLE IF NOT EXISTS"),
                    kvOnB.fix());
            assertTrue(kvOnB.acknowledged() && !kvOnB.blocks() && kvOnB.acknowledge(false).blocks(),
                    "the task's lww.* lets the additions happen; without it they would keep the task from starting");
            assertEquals(Status.PASS, before.item("lww.clock").status(), before.item("lww.clock").toString());

            cluster.startRuntime();
            for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
                assertEquals(List.of("3"), query(node, "SELECT COUNT(*) FROM information_schema.TRIGGERS"
                        + " WHERE EVENT_OBJECT_SCHEMA = 'lw' AND EVENT_OBJECT_TABLE = 'kv'"));
                assertEquals(List.of("INVISIBLE"), query(node, "SELECT EXTRA FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = 'lw' AND TABLE_NAME = 'kv' AND COLUMN_NAME = 'duplex_version'"));
                assertEquals(List.of("1970-01-01 00:00:01.000000"), query(node,
                        "SELECT CAST(duplex_version AS CHAR) FROM lw.kv WHERE id = 1"), "rows already there: one version");
            }
            PrecheckReport after = Precheck.run(cluster.nodes().config(), List.of());
            assertEquals(Status.PASS, after.item("lww.a").status(), "nothing left to add: " + after.item("lww.a"));
            assertFalse(after.items().stream().anyMatch(i -> i.id().startsWith("triggers.")
                    && i.status() != Status.PASS), "its own triggers are not reported as the user's");
        }
    }

    @Test
    void shouldLetTheLaterWriteWinOnBothNodesWhicheverNodeMadeIt() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-lww-rules", OBJECTS, "conflictPolicy: task-failed",
                ACKNOWLEDGED, LastWriterWinsRulesIT::createSchema)) {
            cluster.startRuntime();
            exec(cluster.a(), "UPDATE lw.kv SET val = 'a1' WHERE id = 1");
            String v1 = query(cluster.a(), "SELECT CAST(duplex_version AS CHAR) FROM lw.kv WHERE id = 1").get(0);
            exec(cluster.a(), "UPDATE lw.kv SET val = 'a2' WHERE id = 1");
            String v2 = query(cluster.a(), "SELECT CAST(duplex_version AS CHAR) FROM lw.kv WHERE id = 1").get(0);
            assertTrue(v2.compareTo(v1) > 0, "a local update moves the version forward: " + v1 + " then " + v2);
            cluster.awaitDrained(Duration.ofSeconds(30));

            holdBoth(cluster, true);
            // id 1: b updates, then a deletes later: the delete is the last write.
            exec(cluster.b(), "UPDATE lw.kv SET val = 'b-late' WHERE id = 1");
            pause();
            exec(cluster.a(), "DELETE FROM lw.kv WHERE id = 1");
            // id 2: a deletes, then b updates later: the update is the last write.
            exec(cluster.a(), "DELETE FROM lw.kv WHERE id = 2");
            pause();
            exec(cluster.b(), "UPDATE lw.kv SET val = 'b-after-delete' WHERE id = 2");
            // id 3: a updates, then b updates later.
            exec(cluster.a(), "UPDATE lw.kv SET val = 'a-early' WHERE id = 3");
            pause();
            exec(cluster.b(), "UPDATE lw.kv SET val = 'b-later' WHERE id = 3");
            // id 4 and 5 want the same unique value; 5 is written later and keeps it.
            exec(cluster.a(), "INSERT INTO lw.kv VALUES (4, 7, 'a-first')");
            pause();
            exec(cluster.b(), "INSERT INTO lw.kv VALUES (5, 7, 'b-second')");
            // counters: both add.
            exec(cluster.a(), "UPDATE lw.counters SET hits = hits + 5, note = 'a' WHERE id = 1");
            exec(cluster.b(), "UPDATE lw.counters SET hits = hits + 7, note = 'b' WHERE id = 1");
            holdBoth(cluster, false);
            cluster.awaitDrained(Duration.ofSeconds(60));

            for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
                assertEquals(List.of("2 b-after-delete", "3 b-later", "5 b-second"),
                        query(node, "SELECT CONCAT(id, ' ', val) FROM lw.kv ORDER BY id"), "on " + node.name());
                assertEquals(List.of("12"), query(node, "SELECT hits FROM lw.counters"), "both increments on " + node.name());
            }
            assertEquals(versions(cluster.a()), versions(cluster.b()), "the versions travel with the rows");
            assertEquals(List.of("1"), query(cluster.b(), "SELECT COUNT(*) FROM duplex.lww_parked"),
                    "the collision's loser is parked on b, where it was met");
            ledgerOfThisRun(cluster);
        }
    }

    /**
     * The ledger of the run above: each decision recorded with its kind, and a replay under
     * last-writer-wins ends exactly as the apply did, while overwrite would have ended otherwise.
     */
    private static void ledgerOfThisRun(SyncCluster cluster) throws Exception {
        RuntimeFiles.publish(cluster.stateDir(), "e2e-lww-rules", cluster.services());
        String config = cluster.nodes().configFile().toString();
        String state = cluster.stateDir().toString();
        CliRun listed = CliRun.of("conflicts", "-c", config, "--state-dir", state, "--json");
        assertEquals(0, listed.exitCode(), listed.err());
        JsonNode all = JSON.readTree(listed.out());
        List<String> kinds = new ArrayList<>();
        all.forEach(c -> kinds.add(c.get("direction").asText() + " " + c.get("table").asText() + " "
                + c.get("kind").asText() + " " + c.get("decision").asText()));
        for (String expected : List.of("b2a kv DELETED_ON_TARGET KEEP_TARGET", "a2b kv DELETE_MISMATCH KEEP_TARGET",
                "a2b kv UPDATE_MISMATCH KEEP_TARGET", "b2a kv UPDATE_MISMATCH APPLY_INCOMING",
                "a2b kv INSERT_DUPLICATE KEEP_TARGET", "b2a kv INSERT_DUPLICATE APPLY_INCOMING")) {
            assertTrue(kinds.contains(expected), expected + " in " + kinds);
        }
        JsonNode same = JSON.readTree(CliRun.of("conflicts", "-c", config, "--state-dir", state, "--replay-policy",
                "last-writer-wins", "--json").out());
        assertEquals(0, same.get("differing").asInt(), same.toPrettyString());
        assertEquals(0, same.get("undecidable").asInt(), same.toPrettyString());
        JsonNode overwrite = JSON.readTree(CliRun.of("conflicts", "-c", config, "--state-dir", state, "--replay-policy",
                "overwrite", "--json").out());
        assertTrue(overwrite.get("differing").asInt() >= 3, overwrite.toPrettyString());
    }

    @Test
    void shouldRepairEachRowFromTheNodeHoldingItsLaterWrite() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-lww-rules", OBJECTS, "conflictPolicy: task-failed",
                ACKNOWLEDGED, LastWriterWinsRulesIT::createSchema)) {
            cluster.startRuntime();
            // Behind Duplex's back, yet versioned: the triggers fire whatever sql_log_bin says.
            exec(cluster.a(), "SET SESSION sql_log_bin = 0", "UPDATE lw.kv SET val = 'a-only' WHERE id = 2");
            pause();
            exec(cluster.b(), "SET SESSION sql_log_bin = 0", "UPDATE lw.kv SET val = 'b-later' WHERE id = 3",
                    "DELETE FROM lw.kv WHERE id = 1");
            String config = cluster.nodes().configFile().toString();
            CliRun repaired = CliRun.of("verify", "-c", config, "--repair");
            assertEquals(0, repaired.exitCode(), repaired.out() + repaired.err());
            assertTrue(repaired.out().contains("by row version"), repaired.out());
            for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
                assertEquals(List.of("2 a-only", "3 b-later"), query(node, "SELECT CONCAT(id, ' ', val) FROM lw.kv"
                        + " ORDER BY id"), "each row from the node with its later write, on " + node.name());
            }
        }
    }

    @Test
    void shouldCollectOnlyTombstonesOlderThanTheMarginBeforeTheAppliedHistory() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-lww-rules", OBJECTS, "conflictPolicy: task-failed",
                ACKNOWLEDGED, LastWriterWinsRulesIT::createSchema)) {
            cluster.startRuntime();
            String tomb = "duplex." + LwwObjects.tombstoneTable("lw", "kv");
            Instant applied = Instant.parse("2026-06-01T12:00:00Z");
            try (Connection c = cluster.b().connect(); Statement st = c.createStatement()) {
                st.execute("SET time_zone = '+00:00'");
                st.execute("INSERT INTO " + tomb + " VALUES (100, '2026-06-01 10:59:59'), (101, '2026-06-01 11:30:00')");
                c.setAutoCommit(false);
                assertEquals(1, TombstoneCollector.collect(c, "test", applied, Instant.now()));
                assertEquals(0, TombstoneCollector.collect(c, "test", applied, Instant.now()), "paced");
            }
            assertEquals(List.of("101"), query(cluster.b(), "SELECT id FROM " + tomb + " WHERE id >= 100"));
        }
    }

    private static void holdBoth(SyncCluster cluster, boolean hold) {
        for (Direction d : Direction.values()) {
            cluster.runtime().holdApply(d, hold);
        }
    }

    /** Two writes on different nodes, a few milliseconds apart, so their versions are ordered. */
    private static void pause() throws InterruptedException {
        Thread.sleep(5);
    }

    private static List<String> versions(MySqlServer node) throws SQLException {
        return query(node, "SELECT CONCAT(id, ' ', CAST(duplex_version AS CHAR)) FROM lw.kv ORDER BY id");
    }

    private static void exec(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<String> query(MySqlServer server, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
