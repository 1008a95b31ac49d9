package dev.duplex.cli.fullsync;

import static dev.duplex.cli.fullsync.FullSyncCluster.rows;
import static dev.duplex.cli.fullsync.FullSyncCluster.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.verify.TableDiff;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13, scenario 2: node b inserts, deletes and re-keys rows of a table while full sync copies
 * that table from node a in many small chunks, and updates and re-keys rows it received from the
 * copy. A chunk read from node a must never bring back on node b a row that node b deleted or
 * moved meanwhile; once the task runs and both queues are drained, the table is identical on both
 * nodes. The row count is {@code -Dduplex.reversewrites.rows} (default 100,000, copied 100 rows per
 * chunk so that the copy takes several seconds).
 */
class FullSyncUnderReverseWritesIT {
    private static final long ROWS = Long.getLong("duplex.reversewrites.rows", 100_000L);
    private static final String TABLE = "big.t";

    @TempDir
    Path dir;

    @Test
    void shouldEndIdenticalWhenBInsertsDeletesAndRekeysDuringTheCopy() throws Exception {
        try (FullSyncCluster cluster = FullSyncCluster.start(dir.resolve("cluster"))) {
            sql(cluster.a, "CREATE DATABASE big", "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, "
                    + "origin CHAR(1) NOT NULL, v VARCHAR(40) NOT NULL, KEY by_origin (origin, id))",
                    "INSERT INTO " + TABLE + " SELECT seq * 10, 'a', CONCAT('a-', seq) FROM big.seq_1_to_" + ROWS);
            FullSyncCluster.Task task = cluster.task("reverse-it", "conflictPolicy: task-failed\n"
                    + "fullSync: {chunkRows: 100, parallelism: 1}", "- database: big");
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.start(dir.resolve("dynamodb"), "duplex-", task.config(), clock);
                 LocalRuntime runtime = new LocalRuntime(task.config(), task.document(), services,
                         SecretResolvers.defaults(), clock, UnaryOperator.identity())) {
                long started = System.nanoTime();
                runtime.start();
                ReverseWrites onB = new ReverseWrites(cluster.b, TABLE);
                onB.insertSpread(ROWS);
                onB.changeWhile(() -> runtime.states().record().state() == TaskState.FULL_SYNC);
                double copySeconds = (System.nanoTime() - started) / 1e9;
                Waits.until(() -> runtime.states().record().state() != TaskState.FULL_SYNC, Duration.ofMinutes(5),
                        "the full sync to end");
                assertEquals(TaskState.RUNNING, runtime.states().record().state(), runtime.states().record().stateReason());
                drained(cluster);
                report(cluster, onB, copySeconds);
                // Before the hold most deletes and re-keys just above the cursor came back: ten of each is plenty.
                assertTrue(onB.deleted().size() >= 10 && onB.rekeyed().size() >= 10 && onB.updatedReceived().size() >= 10
                        && onB.rekeyedReceived().size() >= 10, "node b changed too few rows during the copy: the copy "
                        + "was too short (" + copySeconds + " s); raise -Dduplex.reversewrites.rows");
                assertNowhere(cluster, onB.deleted(), "deleted on node b during the copy");
                assertNowhere(cluster, onB.rekeyed().keySet(), "re-keyed away on node b during the copy");
                assertNowhere(cluster, onB.rekeyedReceived().keySet(), "received from node a, then re-keyed away on b");
                assertOnBoth(cluster, onB.rekeyed().values(), "'b-rekeyed'");
                assertOnBoth(cluster, onB.updatedReceived(), "'b-updated'");
                assertOnBoth(cluster, onB.kept(), "CONCAT('b-', id)");
                List<TableDiff> diffs = new Verifier(task.config(), SecretResolvers.defaults(), 5000).verifyAll();
                assertEquals(List.of(), diffs.stream().filter(d -> !d.equal()).toList());
                assertEquals(TaskState.RUNNING, runtime.states().record().state());
            }
        }
    }

    /**
     * Waits until a row node b writes now has reached node a and one node a writes now has reached
     * node b: FIFO order per direction means everything written before was applied.
     */
    private static void drained(FullSyncCluster cluster) throws Exception {
        sql(cluster.b, "INSERT INTO " + TABLE + " VALUES (3, 'z', 'drained b2a')");
        sql(cluster.a, "INSERT INTO " + TABLE + " VALUES (1, 'z', 'drained a2b')");
        Waits.until(() -> rows(cluster.a, "SELECT id FROM " + TABLE + " WHERE id = 3").size() == 1,
                Duration.ofMinutes(2), "node b's changes to reach node a");
        Waits.until(() -> rows(cluster.b, "SELECT id FROM " + TABLE + " WHERE id = 1").size() == 1,
                Duration.ofMinutes(2), "node a's changes to reach node b");
    }

    private static void report(FullSyncCluster cluster, ReverseWrites onB, double copySeconds) throws Exception {
        List<Long> gone = new ArrayList<>(onB.deleted());
        gone.addAll(onB.rekeyed().keySet());
        gone.addAll(onB.rekeyedReceived().keySet());
        System.out.printf("REVERSE WRITES: copy of %,d rows took %.1f s; during it node b inserted %d rows, deleted %d, "
                        + "re-keyed %d of its own and %d received, updated %d received; afterwards %d of the removed "
                        + "keys are still on node b %s and %d on node a %s%n", ROWS, copySeconds, onB.inserted().size(),
                onB.deleted().size(), onB.rekeyed().size(), onB.rekeyedReceived().size(), onB.updatedReceived().size(),
                present(cluster.b, gone).size(), sample(present(cluster.b, gone)), present(cluster.a, gone).size(),
                sample(present(cluster.a, gone)));
    }

    private static void assertNowhere(FullSyncCluster cluster, Collection<Long> ids, String what) throws Exception {
        assertEquals(List.of(), present(cluster.a, ids), "keys " + what + " still on node a");
        assertEquals(List.of(), present(cluster.b, ids), "keys " + what + " still on node b");
    }

    /** Every id is on both nodes with {@code value} (an SQL expression over the row) as v. */
    private static void assertOnBoth(FullSyncCluster cluster, Collection<Long> ids, String value) throws Exception {
        for (MySqlServer node : List.of(cluster.a, cluster.b)) {
            List<String> wrong = ids.isEmpty() ? List.of() : rows(node, "SELECT id FROM " + TABLE + " WHERE id IN ("
                    + join(ids) + ") AND v = " + value);
            assertEquals(ids.size(), wrong.size(), ids.size() - wrong.size() + " of " + ids.size() + " rows missing or "
                    + "different on node " + (node == cluster.a ? "a" : "b") + " (expected v = " + value + ")");
        }
    }

    private static List<Long> present(MySqlServer node, Collection<Long> ids) throws Exception {
        if (ids.isEmpty()) {
            return List.of();
        }
        return rows(node, "SELECT id FROM " + TABLE + " WHERE id IN (" + join(ids) + ") ORDER BY id").stream()
                .map(Long::parseLong).toList();
    }

    private static String join(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static String sample(List<Long> ids) {
        return new TreeSet<>(ids).stream().limit(8).toList().toString();
    }
}
