package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node b stopped for 30 s while both nodes are written: b's capture, the apply to b and b's own
 * application lose their connections; a keeps writing. After b restarts (same port, a new
 * binlog file) everything catches up within the retry window and both nodes converge.
 */
class DatabaseOutageIT {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutageIT.class);
    private static final String DB = "outage";
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldConvergeAfterOneDatabaseIsStoppedForThirtySecondsDuringTraffic() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-outage", "- database: " + DB,
                "conflictPolicy: task-failed", c -> Convergence.createSchema(c, DB, tables))) {
            cluster.startRuntime();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, 41, Long.MAX_VALUE, 80);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, 42, Long.MAX_VALUE, 80);
            try {
                onA.start();
                onB.start();
                awaitRows("traffic before the outage", cluster, onA, 1_500, onB, 1_500);

                cluster.b().stop();
                long stoppedAt = System.nanoTime();
                long aBefore = onA.rows();
                LOG.info("stopped node b after a {} and b {} row changes", aBefore, onB.rows());
                Await.sleep(OUTAGE); // the outage itself: b stays down this long whatever happens meanwhile
                assertTrue(onA.rows() > aBefore, "node a kept being written during the outage");
                cluster.b().restart();
                LOG.info("restarted node b after {} s", (System.nanoTime() - stoppedAt) / 1_000_000_000);

                awaitRows("traffic after the restart", cluster, onA, onA.rows() + 1_000, onB, onB.rows() + 1_000);
                onA.stop();
                onB.stop();
                onA.awaitStop(Duration.ofSeconds(10));
                onB.awaitStop(Duration.ofSeconds(10));
                long drainFrom = System.nanoTime();
                cluster.awaitDrained(Duration.ofMinutes(2));
                LOG.info("drained {} s after the last write; a {} and b {} row changes, b's workload reconnected {} "
                                + "times with {} commits of unknown outcome", (System.nanoTime() - drainFrom) / 1_000_000_000,
                        onA.rows(), onB.rows(), onB.reconnects(), onB.uncertainCommits());
            } finally {
                onA.stop();
                onB.stop();
            }
            assertTrue(onB.reconnects() > 0, "the outage interrupted node b's own workload");
            Convergence.assertIdentical(cluster, DB, tables.size());
            Convergence.assertRowsAreExactlyTheWrittenOnes(cluster, DB, tables, onA, onB);
            StatusView s = cluster.status();
            LOG.info("status:\n{}", String.join("\n", s.render(null)));
            assertEquals(0, s.conflictCount(), "no conflicts: nothing applied twice");
            assertEquals(TaskState.RUNNING, s.task().state(), s.task().stateReason());
        }
    }

    private static void awaitRows(String what, SyncCluster cluster, RandomWorkload onA, long rowsA,
                                  RandomWorkload onB, long rowsB) {
        Await.until(what + " (a " + rowsA + ", b " + rowsB + " row changes)", Duration.ofSeconds(90), () -> {
            onA.failure().ifPresent(f -> { throw new AssertionError("workload a failed", f); });
            onB.failure().ifPresent(f -> { throw new AssertionError("workload b failed", f); });
            return onA.rows() >= rowsA && onB.rows() >= rowsB;
        }, cluster::describe);
    }
}
