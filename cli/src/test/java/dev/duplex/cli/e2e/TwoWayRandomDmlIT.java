package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.cli.local.StatusView;
import dev.duplex.cli.verify.TableDiff;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main promise: random transactions written at the same time on both nodes, to disjoint
 * keys of twelve tables, end up identical on both sides, each exactly once, with no loop.
 */
class TwoWayRandomDmlIT {
    private static final Logger LOG = LoggerFactory.getLogger(TwoWayRandomDmlIT.class);
    static final String DB = "e2e";
    /** Per node; both together write at least the 50,000 row changes the acceptance asks for. */
    private static final long ROWS_PER_NODE = 26_000;

    @TempDir
    Path dir;

    static void createSchema(Connection c, List<RandomTable> tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE `" + DB + "` CHARACTER SET utf8mb4");
            for (RandomTable t : tables) {
                st.execute(t.createStatement(DB));
            }
        }
    }

    @Test
    void shouldConvergeWithoutLoopsAfterConcurrentRandomWritesOnBothNodes() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-dml", "- database: " + DB, "conflictPolicy: task-failed",
                c -> createSchema(c, tables))) {
            cluster.startRuntime();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, 11, ROWS_PER_NODE, 0);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, 22, ROWS_PER_NODE, 0);
            long begin = System.nanoTime();
            onA.start();
            onB.start();
            Await.until("both workloads to write " + ROWS_PER_NODE + " row changes", Duration.ofMinutes(4),
                    () -> onA.isDone() && onB.isDone(), () -> "a " + onA.rows() + ", b " + onB.rows() + " rows\n"
                            + cluster.describe());
            onA.awaitStop(Duration.ofSeconds(5));
            onB.awaitStop(Duration.ofSeconds(5));
            long written = System.nanoTime();
            cluster.awaitDrained(Duration.ofMinutes(3));
            long drained = System.nanoTime();
            LOG.info("wrote {} row changes in {} transactions on a and {} in {} on b ({} and {} rolled back) in {} s; "
                            + "drained {} s after the last write", onA.rows(), onA.transactions(), onB.rows(),
                    onB.transactions(), onA.rolledBack(), onB.rolledBack(), secs(written - begin),
                    secs(drained - written));
            assertTrue(onA.rows() + onB.rows() >= 50_000, "at least 50,000 row changes");

            List<TableDiff> diffs = cluster.verify();
            assertEquals(tables.size(), diffs.size(), "verify compares every table");
            assertTrue(diffs.stream().allMatch(TableDiff::equal), SyncCluster.differences(diffs));
            assertEquals(Checksums.of(cluster.a(), DB), Checksums.of(cluster.b(), DB), "CHECKSUM TABLE on a and b");
            assertRowsAreExactlyTheWrittenOnes(cluster, tables, onA, onB);

            assertEachSideAppliedExactlyWhatTheOtherWrote(cluster, onA, onB);
            assertBinlogsOnlyGrowByHeartbeats(cluster);
        }
    }

    private static void assertRowsAreExactlyTheWrittenOnes(SyncCluster cluster, List<RandomTable> tables,
                                                           RandomWorkload onA, RandomWorkload onB) throws SQLException {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        Map<String, Set<String>> fromA = onA.liveKeys();
        Map<String, Set<String>> fromB = onB.liveKeys();
        for (RandomTable t : tables) {
            Set<String> keys = new TreeSet<>(fromA.get(t.name()));
            keys.addAll(fromB.get(t.name()));
            expected.put(t.name(), keys);
        }
        for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
            Map<String, Set<String>> actual = keysOn(node, tables);
            for (RandomTable t : tables) {
                assertEquals(expected.get(t.name()), actual.get(t.name()),
                        "rows of " + t.name() + " on " + node.name() + " are exactly those both workloads left");
            }
        }
    }

    static Map<String, Set<String>> keysOn(MySqlServer node, List<RandomTable> tables) throws SQLException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (RandomTable t : tables) {
                Set<String> keys = new TreeSet<>();
                String cols = t.keyColumns().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
                try (ResultSet rs = st.executeQuery("SELECT CONCAT_WS('|', " + cols + ") FROM `" + DB + "`.`"
                        + t.name() + "`")) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                out.put(t.name(), keys);
            }
        }
        return out;
    }

    /**
     * The apply side counts the user row changes it committed (heartbeats excluded, redeliveries
     * skipped): a loop or a double apply would make a count exceed what the other node wrote.
     */
    private static void assertEachSideAppliedExactlyWhatTheOtherWrote(SyncCluster cluster, RandomWorkload onA,
                                                                     RandomWorkload onB) {
        Await.until("the status counters to report every applied row", Duration.ofSeconds(30),
                () -> {
                    StatusView s = cluster.status();
                    return s.rowsApplied(Direction.A2B) >= onA.rows() && s.rowsApplied(Direction.B2A) >= onB.rows();
                }, cluster::describe);
        Await.sleep(Duration.ofSeconds(3));
        StatusView s = cluster.status();
        LOG.info("status after the drain:\n{}", String.join("\n", s.render(null)));
        assertEquals(onA.rows(), s.rowsApplied(Direction.A2B), "b applied exactly the row changes written on a");
        assertEquals(onB.rows(), s.rowsApplied(Direction.B2A), "a applied exactly the row changes written on b");
        assertEquals(0, s.conflictCount(), "no conflicts: keys are disjoint");
        assertEquals(TaskState.RUNNING, s.task().state(), s.task().stateReason());
    }

    /** After the drain, only heartbeats and their apply checkpoints are written on either node. */
    private static void assertBinlogsOnlyGrowByHeartbeats(SyncCluster cluster) throws SQLException {
        BinlogPosition a = Binlogs.end(cluster.a());
        BinlogPosition b = Binlogs.end(cluster.b());
        Set<String> allowed = Set.of("duplex.heartbeat", "duplex.apply_checkpoint");
        Await.until("heartbeats to be written and applied on both nodes", Duration.ofSeconds(30),
                () -> Binlogs.mappedTables(Binlogs.eventsSince(cluster.a(), a)).containsAll(allowed)
                        && Binlogs.mappedTables(Binlogs.eventsSince(cluster.b(), b)).containsAll(allowed),
                cluster::describe);
        Await.sleep(Duration.ofSeconds(3));
        for (var e : Map.of(cluster.a(), a, cluster.b(), b).entrySet()) {
            List<String> written = Binlogs.mappedTables(Binlogs.eventsSince(e.getKey(), e.getValue()));
            Set<String> others = written.stream().filter(t -> !allowed.contains(t)).collect(Collectors.toSet());
            assertTrue(others.isEmpty(), "node " + e.getKey().name() + " wrote " + others + " after the drain");
            LOG.info("node {}: {} table maps after the drain, all heartbeats or apply checkpoints",
                    e.getKey().name(), written.size());
        }
    }

    private static double secs(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }
}
