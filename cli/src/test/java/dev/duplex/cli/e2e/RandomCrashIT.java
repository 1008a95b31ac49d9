package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code duplex local} killed with SIGKILL again and again at random moments, the first time
 * during its full sync, while both nodes write: small random transactions on rows each node owns,
 * and, once the initial load is done, now and then one transaction larger than a message (sent
 * as fragments). ElasticMQ loses
 * every queued message at each kill and DynamoDB Local its last writes. After the last restart
 * and the drain, every table is identical, each node's rows are exactly the ones written, and
 * each large transaction arrived whole exactly once (a doubled insert is a conflict, which fails
 * the task under task-failed). Bounded: {@link #KILLS} kills (-Dduplex.crash.kills for more); the
 * seed is printed and can be set with -Dduplex.crash.seed.
 */
class RandomCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(RandomCrashIT.class);
    private static final String DB = "rcrash";
    /** Six keep the suite near its 30 minutes (eight took 3.0-4.0 of 35); a new seed each run covers more over time. */
    private static final int KILLS = Integer.getInteger("duplex.crash.kills", 6);
    /** Rows of node a copied by the full sync: enough that the first kill lands during the copy. */
    private static final int SEED_ROWS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldConvergeExactlyOnceAfterKillsAtRandomMomentsIncludingOneDuringTheFullSync() throws Exception {
        long seed = Long.getLong("duplex.crash.seed", System.nanoTime());
        LOG.info("RandomCrashIT seed {} (rerun with -Dduplex.crash.seed={})", seed, seed);
        System.out.println("RandomCrashIT seed " + seed);
        Random random = new Random(seed);
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-rcrash", "- database: " + DB,
                "types: [full, incremental]\nconflictingTables: ignore-and-proceed\nconflictPolicy: task-failed\n"
                        + "fullSync: {chunkRows: 500, parallelism: 1}",
                c -> createSchema(c, tables))) {
            fillSeedRows(cluster.a());
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, random.nextLong(), Long.MAX_VALUE, 40);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, random.nextLong(), Long.MAX_VALUE, 40);
            var bulkA = new BulkWriter(cluster.a(), 1_000_000_000L, random.nextLong());
            var bulkB = new BulkWriter(cluster.b(), 2_000_000_000L, random.nextLong());
            List<Thread> writers = List.of(new Thread(bulkA, "bulk-a"), new Thread(bulkB, "bulk-b"));
            try {
                for (int kill = 1; kill <= KILLS; kill++) {
                    try (RuntimeProcess p = RuntimeProcess.start(config, state, dir.resolve("runtime-" + kill + ".log"))) {
                        p.awaitRunning(state, Duration.ofSeconds(120));
                        if (kill == 1) { // from here on both nodes' start positions are recorded
                            onA.start();
                            onB.start();
                        } else if (kill == 2) {
                            // Large transactions from the end of the initial load on: written during the
                            // copy, each would be copied and then replayed row by row as catch-up.
                            awaitInitialLoadDone(config, state, p);
                            writers.forEach(Thread::start);
                        }
                        long ms = kill == 1 ? awaitCopyUnderWay(cluster, p) : 500 + random.nextInt(6_000);
                        Thread.sleep(kill == 1 ? 0 : ms);
                        failIfWorkloadFailed(onA, onB, bulkA, bulkB);
                        String phase = kill == 1 ? "during the full sync, " + count(cluster.b(), "bulk", 0, 1_000_000_000L)
                                + " of " + SEED_ROWS + " rows copied" : "streaming";
                        p.kill();
                        LOG.info("kill {} of {} after {} ms ({}): a {} rows, b {} rows, bulk a {} b {} transactions",
                                kill, KILLS, ms, phase, onA.rows(), onB.rows(), bulkA.transactions(),
                                bulkB.transactions());
                    }
                }
                try (RuntimeProcess last = RuntimeProcess.start(config, state, dir.resolve("runtime-last.log"))) {
                    last.awaitRunning(state, Duration.ofSeconds(120));
                    Thread.sleep(3_000);
                    onA.stop();
                    onB.stop();
                    bulkA.stop();
                    bulkB.stop();
                    // A statement may wait on row locks of a large applied transaction (apply joins up to
                    // ten messages, fragments of 900 KiB included, into one target transaction).
                    onA.awaitStop(Duration.ofSeconds(90));
                    onB.awaitStop(Duration.ofSeconds(90));
                    for (Thread t : writers) {
                        t.join(30_000);
                    }
                    failIfWorkloadFailed(onA, onB, bulkA, bulkB);
                    cluster.awaitDrained(Duration.ofMinutes(4));
                    Convergence.assertIdentical(cluster, DB, tables.size() + 1);
                    Convergence.assertRowsAreExactlyTheWrittenOnes(cluster, DB, tables, onA, onB);
                    assertBulkRowsArrivedOnce(cluster, bulkA, bulkB);
                    LOG.info("converged after {} kills (seed {}): a {} row changes in {} transactions, b {} in {}, "
                            + "large transactions a {} b {}", KILLS, seed, onA.rows(), onA.transactions(), onB.rows(),
                            onB.transactions(), bulkA.transactions(), bulkB.transactions());
                    System.out.println("RandomCrashIT converged: seed " + seed + ", kills " + KILLS + ", a "
                            + onA.transactions() + " tx, b " + onB.transactions() + " tx, large tx a "
                            + bulkA.transactions() + " b " + bulkB.transactions());
                    last.stop(Duration.ofSeconds(60));
                }
            } finally {
                onA.stop();
                onB.stop();
                bulkA.stop();
                bulkB.stop();
            }
        }
    }

    private static void awaitInitialLoadDone(Path config, Path state, RuntimeProcess p) {
        Await.until("the initial load to end", Duration.ofMinutes(3), () -> CliRun.of("status", "-c",
                config.toString(), "--state-dir", state.toString()).out().contains(": RUNNING"), p::output);
    }

    /** Waits until node b holds part of the copied rows; the milliseconds that took. */
    private static long awaitCopyUnderWay(SyncCluster cluster, RuntimeProcess p) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long copied = count(cluster.b(), "bulk", 0, 1_000_000_000L);
            if (copied > 0 && copied < SEED_ROWS) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            if (copied == SEED_ROWS) {
                throw new AssertionError("the full sync ended before a kill could land in it; copy more rows");
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the full sync copied nothing within 2 minutes:\n" + p.output());
    }

    private static void failIfWorkloadFailed(RandomWorkload a, RandomWorkload b, BulkWriter ba, BulkWriter bb) {
        a.failure().ifPresent(f -> { throw new AssertionError("workload a failed", f); });
        b.failure().ifPresent(f -> { throw new AssertionError("workload b failed", f); });
        if (ba.failure != null || bb.failure != null) {
            throw new AssertionError("bulk writer failed", ba.failure != null ? ba.failure : bb.failure);
        }
    }

    private static void assertBulkRowsArrivedOnce(SyncCluster cluster, BulkWriter a, BulkWriter b) throws SQLException {
        for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
            assertEquals(a.rows.get(), count(node, "bulk", a.base), "a's large transactions, all rows, on every node");
            assertEquals(b.rows.get(), count(node, "bulk", b.base), "b's large transactions, all rows, on every node");
            assertEquals(SEED_ROWS, count(node, "bulk", 0, 1_000_000_000L), "the rows the full sync copied");
        }
    }

    private static long count(MySqlServer node, String table, long base) throws SQLException {
        return count(node, table, base, base + 1_000_000_000L);
    }

    private static long count(MySqlServer node, String table, long from, long to) throws SQLException {
        try (Connection c = node.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM " + DB + "." + table + " WHERE id >= ? AND id < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void createSchema(Connection c, List<RandomTable> tables) throws SQLException {
        Convergence.createSchema(c, DB, tables);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + DB + ".bulk (id BIGINT PRIMARY KEY, tx BIGINT NOT NULL, pad VARCHAR(300))");
        }
    }

    private static void fillSeedRows(MySqlServer a) throws SQLException {
        try (Connection c = a.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + DB + ".bulk VALUES (?, 0, ?)")) {
            c.setAutoCommit(false);
            for (int id = 1; id <= SEED_ROWS; id++) {
                ps.setLong(1, id);
                ps.setString(2, "seed-" + id);
                ps.addBatch();
                if (id % 5_000 == 0) {
                    ps.executeBatch();
                    c.commit();
                }
            }
            ps.executeBatch();
            c.commit();
        }
    }

    /**
     * Every few seconds one transaction of 4,000 to 6,000 rows of about 300 bytes (over 1 MiB
     * encoded: fragments) into the node's own id range; counts only transactions whose commit
     * returned, and stops at the first error (a kill of duplex never touches the databases).
     */
    private static final class BulkWriter implements Runnable {
        final MySqlServer server;
        final long base;
        final Random random;
        final AtomicLong rows = new AtomicLong();
        final AtomicLong transactions = new AtomicLong();
        volatile boolean stopping;
        volatile Throwable failure;

        BulkWriter(MySqlServer server, long base, long seed) {
            this.server = server;
            this.base = base;
            this.random = new Random(seed);
        }

        long transactions() {
            return transactions.get();
        }

        void stop() {
            stopping = true;
        }

        @Override
        public void run() {
            String pad = "x".repeat(280);
            try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + DB + ".bulk VALUES (?, ?, ?)")) {
                c.setAutoCommit(false);
                while (!stopping) {
                    int n = 4_000 + random.nextInt(2_000);
                    long tx = transactions.get() + 1;
                    long first = base + rows.get();
                    for (int k = 0; k < n; k++) {
                        ps.setLong(1, first + k);
                        ps.setLong(2, tx);
                        ps.setString(3, pad);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    rows.addAndGet(n);
                    transactions.incrementAndGet();
                    sleep(2_000 + random.nextInt(4_000));
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        private void sleep(long ms) throws InterruptedException {
            long until = System.currentTimeMillis() + ms;
            while (!stopping && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
        }
    }
}
