package dev.duplex.cli.fullsync;

import static dev.duplex.cli.fullsync.FullSyncCluster.scalar;
import static dev.duplex.cli.fullsync.FullSyncCluster.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.verify.TableDiff;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.store.TableProgress;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance run: a million rows over four tables of node a copied while a workload inserts,
 * updates and deletes rows of those tables on node a and another writes a table of node b; at the
 * end every table is identical on both nodes. The row count is {@code -Dduplex.fullsync.rows}
 * (default 1,000,000); the copy's rate is printed (the bench command measures it properly).
 */
class FullSyncUnderLoadIT {
    static final int TABLES = 4;
    private static final long ROWS = Long.getLong("duplex.fullsync.rows", 1_000_000L);

    @TempDir
    Path dir;

    @Test
    void shouldCopyAMillionRowsUnderWritesOnBothNodesAndEndIdentical() throws Exception {
        try (FullSyncCluster cluster = FullSyncCluster.start(dir.resolve("cluster"))) {
            List<String> tables = prepare(cluster, ROWS);
            FullSyncCluster.Task task = cluster.task("load-it", "conflictPolicy: task-failed\n"
                    + "fullSync: {chunkRows: 10000, parallelism: 2}", "- database: big");
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.start(dir.resolve("dynamodb"), "duplex-", task.config(), clock);
                 LocalRuntime runtime = new LocalRuntime(task.config(), task.document(), services,
                         SecretResolvers.defaults(), clock, UnaryOperator.identity())) {
                long started = System.nanoTime();
                runtime.start();
                Workload onA = Workload.onA(cluster.a, tables, ROWS / TABLES).start();
                Workload onB = Workload.onB(cluster.b, "big.notes").start();
                Waits.until(() -> runtime.states().record().state() == TaskState.RUNNING, Duration.ofMinutes(6),
                        "the full sync of " + ROWS + " rows");
                double seconds = (System.nanoTime() - started) / 1e9;
                List<TableProgress> progress = services.stores().snapshots().tables(task.config().task());
                long copied = progress.stream().mapToLong(TableProgress::rowsDone).sum();
                System.out.printf("FULL SYNC MEASURE: %,d rows in %d tables copied in %.1f s (%,.0f rows/s) while "
                        + "node a ran %d and node b %d transactions%n", copied, progress.size(), seconds,
                        copied / seconds, onA.transactions(), onB.transactions());
                assertTrue(progress.stream().allMatch(TableProgress::done), progress.toString());
                assertTrue(copied >= ROWS * 9 / 10, "copied " + copied);
                Waits.until(() -> onB.transactions() > 50, Duration.ofSeconds(30), "writes on b after the copy");
                onA.stop();
                onB.stop();
                assertTrue(onA.transactions() > 100 && onB.transactions() > 50,
                        "both workloads wrote during the copy: a " + onA.transactions() + ", b " + onB.transactions());
                List<TableDiff> diffs = converged(task);
                assertEquals(List.of(), diffs.stream().filter(d -> !d.equal()).toList());
                assertEquals(TABLES + 1, diffs.size());
                assertEquals(TaskState.RUNNING, runtime.states().record().state());
                assertTrue(scalar(cluster.a, "SELECT COUNT(*) FROM big.notes") >= onB.transactions() / 2,
                        "node b's writes during the copy reached node a");
            }
        }
    }

    /** node a: big.t1..t4 with ids 1..rows/4 (sequence engine), big.notes empty (written on b). */
    static List<String> prepare(FullSyncCluster cluster, long rows) throws Exception {
        List<String> tables = new ArrayList<>();
        sql(cluster.a, "CREATE DATABASE big", "CREATE TABLE big.notes (id BIGINT PRIMARY KEY, note VARCHAR(200))");
        for (int i = 1; i <= TABLES; i++) {
            String t = "big.t" + i;
            tables.add(t);
            sql(cluster.a, "CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, k INT NOT NULL, v VARCHAR(32) NOT NULL, "
                    + "ts DATETIME(6) NOT NULL, amount DECIMAL(12,2) NOT NULL, KEY by_k (k))",
                    "INSERT INTO " + t + " SELECT seq, seq % 1000, CONCAT('row-', seq), TIMESTAMP'2024-01-01 00:00:00'"
                            + " + INTERVAL seq SECOND, seq / 100 FROM big.seq_1_to_" + rows / TABLES);
        }
        return tables;
    }

    static List<TableDiff> converged(FullSyncCluster.Task task) throws Exception {
        Verifier verifier = new Verifier(task.config(), SecretResolvers.defaults(), 5000);
        List<List<TableDiff>> last = new ArrayList<>(List.of(List.of()));
        Waits.until(() -> {
            last.set(0, verifier.verifyAll());
            return last.get(0).stream().allMatch(TableDiff::equal);
        }, Duration.ofMinutes(3), "both nodes to converge");
        return last.get(0);
    }
}
