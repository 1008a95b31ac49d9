package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
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

    @Test
    void shouldConvergeWithoutLoopsAfterConcurrentRandomWritesOnBothNodes() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-dml", "- database: " + DB, "conflictPolicy: task-failed",
                c -> Convergence.createSchema(c, DB, tables))) {
            cluster.startRuntime();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, 11, ROWS_PER_NODE, 0);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, 22, ROWS_PER_NODE, 0);
            long begin = System.nanoTime();
            onA.start();
            onB.start();
            Map<Direction, LongSummaryStatistics> latency = new EnumMap<>(Direction.class);
            Await.until("both workloads to write " + ROWS_PER_NODE + " row changes", Duration.ofMinutes(4),
                    () -> sampleLatency(cluster, latency) && onA.isDone() && onB.isDone(),
                    () -> "a " + onA.rows() + ", b " + onB.rows() + " rows\n" + cluster.describe());
            onA.awaitStop(Duration.ofSeconds(5));
            onB.awaitStop(Duration.ofSeconds(5));
            long written = System.nanoTime();
            cluster.awaitDrained(Duration.ofMinutes(3));
            long drained = System.nanoTime();
            LOG.info("wrote {} row changes in {} transactions on a and {} in {} on b ({} and {} rolled back) in {} s; "
                            + "drained {} s after the last write", onA.rows(), onA.transactions(), onB.rows(),
                    onB.transactions(), onA.rolledBack(), onB.rolledBack(), secs(written - begin),
                    secs(drained - written));
            LOG.info("latency while writing (ms, sampled from the status every 250 ms): {}", latency);
            assertTrue(onA.rows() + onB.rows() >= 50_000, "at least 50,000 row changes");
            assertTrue(onA.multiStatementTransactions() > 1000 && onB.multiStatementTransactions() > 1000,
                    "multi-statement transactions on both nodes");

            Convergence.assertIdentical(cluster, DB, tables.size());
            Convergence.assertRowsAreExactlyTheWrittenOnes(cluster, DB, tables, onA, onB);

            assertEachSideAppliedExactlyWhatTheOtherWrote(cluster, onA, onB);
            assertBinlogsOnlyGrowByHeartbeats(cluster);
        }
    }

    /** Records each direction's reported latency; always true, so it can ride along a wait. */
    private static boolean sampleLatency(SyncCluster cluster, Map<Direction, LongSummaryStatistics> into) {
        StatusView s = cluster.status();
        s.directions().forEach((d, st) -> {
            if (st.latencyMillis() >= 0) {
                into.computeIfAbsent(d, x -> new LongSummaryStatistics()).accept(st.latencyMillis());
            }
        });
        return true;
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
