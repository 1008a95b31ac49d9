package dev.duplex.apply;

import static dev.duplex.apply.Batches.i;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parallel apply (issue #20): transactions whose keys do not overlap apply on several connections,
 * overlapping ones in source order, each exactly once. A random workload on a few rows (updates of
 * the same rows, deletes and re-inserts of a key, unique codes swapped between rows inside one
 * transaction and across three) beside independent inserts is applied in lanes and compared with
 * its model, the target's state after every transaction in source order. The seed is printed.
 */
class ParallelApplyIT {
    private static final List<String> COLS = List.of("id", "code", "v");
    private static final int TRANSACTIONS = 400;
    private static final int PER_MESSAGE = 20;
    /** Units of ten such messages hold some 3,000 row changes: several segments of a lane plan each. */
    private static final int LARGE_TRANSACTIONS = 4_000;
    private static final int LARGE_PER_MESSAGE = 200;
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws SQLException {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE par");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldApplyInLanesExactlyWhatSourceOrderGivesIncludingUniqueKeySwaps() throws Exception {
        long seed = Long.getLong("duplex.parallel.seed", System.nanoTime());
        System.out.println("ParallelApplyIT lanes seed " + seed + " (rerun with -Dduplex.parallel.seed=" + seed + ")");
        Workload w = run("lanes", seed, StatementListener.NONE);
        assertEquals(w.model(), target("lanes"), "seed " + seed);
        assertTrue(lanesUsed("lanes") >= 2, "the unit went in lanes");
    }

    @Test
    void shouldApplyOnOneConnectionWhatSourceOrderGives() throws Exception {
        long seed = Long.getLong("duplex.parallel.seed", System.nanoTime());
        System.out.println("ParallelApplyIT one connection seed " + seed);
        Workload w = run("single", seed, StatementListener.NONE, "apply: {parallel: 1}\n");
        assertEquals(w.model(), target("single"), "seed " + seed);
        assertEquals(0, lanesUsed("single"));
    }

    @Test
    void shouldApplyEveryTransactionOnceWhenOneLaneCommitFailsAfterOthersCommitted() throws Exception {
        long seed = Long.getLong("duplex.parallel.seed", System.nanoTime());
        System.out.println("ParallelApplyIT crash seed " + seed + " (rerun with -Dduplex.parallel.seed=" + seed + ")");
        AtomicInteger failed = new AtomicInteger();
        // Every third unit: this lane's commit stands for the last thing a dying process did.
        Workload w = run("crash", seed, diesAfterLaneCommit(9, 2, failed));
        assertTrue(failed.get() >= 1, "a lane commit failed");
        assertEquals(w.model(), target("crash"), "seed " + seed);
    }

    /** Fails lane commit number {@code at} of every {@code every} (counting from 1), as a process dying there. */
    private static StatementListener diesAfterLaneCommit(int every, int at, AtomicInteger failed) {
        AtomicInteger commits = new AtomicInteger();
        return new StatementListener() {
            @Override
            public void afterStatement(Connection c, int count) {
            }

            @Override
            public void afterLaneCommit(int lane) throws SQLException {
                if (commits.incrementAndGet() % every == at) {
                    failed.incrementAndGet();
                    throw new SQLException("the process died between two lane commits", "08S01");
                }
            }
        };
    }

    private Workload run(String table, long seed, StatementListener listener) throws Exception {
        return run(table, seed, listener, "");
    }

    private Workload run(String table, long seed, StatementListener listener, String options) throws Exception {
        return run(table, seed, listener, options, TRANSACTIONS, PER_MESSAGE);
    }

    @Test
    void shouldApplyUnitsOfManySegmentsExactlyWhatSourceOrderGives() throws Exception {
        long seed = Long.getLong("duplex.parallel.seed", System.nanoTime());
        System.out.println("ParallelApplyIT segments seed " + seed + " (rerun with -Dduplex.parallel.seed=" + seed + ")");
        Workload w = run("seg", seed, StatementListener.NONE, "", LARGE_TRANSACTIONS, LARGE_PER_MESSAGE);
        assertEquals(w.model(), target("seg"), "seed " + seed);
        assertTrue(lanesUsed("seg") > 4, "lane records of more than one segment: " + lanesUsed("seg"));
    }

    @Test
    void shouldApplyEveryTransactionOnceWhenALaneCommitFailsAfterEarlierSegmentsCommitted() throws Exception {
        long seed = Long.getLong("duplex.parallel.seed", System.nanoTime());
        System.out.println("ParallelApplyIT segment crash seed " + seed + " (rerun with -Dduplex.parallel.seed=" + seed
                + ")");
        AtomicInteger failed = new AtomicInteger();
        // Now and then a commit of a later segment is the last thing a dying process did.
        Workload w = run("segcrash", seed, diesAfterLaneCommit(7, 3, failed), "", LARGE_TRANSACTIONS,
                LARGE_PER_MESSAGE);
        assertTrue(failed.get() >= 1, "a lane commit failed");
        assertEquals(w.model(), target("segcrash"), "seed " + seed);
    }

    @Test
    void shouldStartALaterSegmentsLaneWhileAnUnrelatedLaneOfTheSegmentBeforeStillRuns() throws Exception {
        String task = "par-nobarrier";
        fx.putTask(task, "", "- par", "");
        fx.sql("CREATE TABLE par.nobarrier (id INT PRIMARY KEY, v INT NOT NULL)");
        FifoQueues.FifoQueue q = fx.queue(task, 50);
        List<String> cols = List.of("id", "v");
        long pos = 4;
        for (int m = 0; m < 10; m++) { // one unit of 4,000 inserts of distinct rows: segments of 4 independent lanes
            List<Transaction> part = new ArrayList<>();
            for (int t = 0; t < 400; t++, pos += 100) {
                long id = m * 400L + t + 1;
                part.add(Batches.tx(pos, RowChange.insert("par", "nobarrier", cols, List.of("id"), List.of(i(id), i(0)))));
            }
            fx.send(q, Batches.batch(task, BatchKind.DML, false, part.toArray(Transaction[]::new)));
        }
        // The first lane to run a statement stalls until four lanes committed: the three others of its
        // segment and at least one of a later segment, which a barrier per segment would never start.
        CountDownLatch commits = new CountDownLatch(4);
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicBoolean laterLaneRan = new AtomicBoolean();
        StatementListener stall = new StatementListener() {
            @Override
            public void afterStatement(Connection c, int count) throws SQLException {
                if (stalled.compareAndSet(false, true)) {
                    try {
                        laterLaneRan.set(commits.await(20, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new SQLException("interrupted", e);
                    }
                }
            }

            @Override
            public void afterLaneCommit(int lane) {
                commits.countDown();
            }
        };
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, stall, Clock.systemUTC());
            var messages = fx.receive(q, 10);
            assertEquals(10, messages.size());
            assertTrue(fx.deliver(q, messages, p).getBatchItemFailures().isEmpty(), fx.reason(task));
        }
        assertTrue(laterLaneRan.get(), "a lane of a later segment committed while the stalled lane ran");
        assertEquals("4000", fx.scalar("SELECT COUNT(*) FROM par.nobarrier"));
        assertTrue(lanesUsed("nobarrier") > 4, "lanes of more than one segment: " + lanesUsed("nobarrier"));
    }

    /** Applies a random workload on par.{table}_u (unique code) and par.{table}_k (indexed code, not unique). */
    private Workload run(String table, long seed, StatementListener listener, String options, int transactions,
                         int perMessage) throws Exception {
        String task = "par-" + table;
        fx.putTask(task, "", "- par", options);
        fx.sql("CREATE TABLE par." + table + "_u (id INT PRIMARY KEY, code INT NOT NULL UNIQUE, v INT NOT NULL)",
                "CREATE TABLE par." + table + "_k (id INT PRIMARY KEY, code INT NOT NULL, v INT NOT NULL, KEY (code))");
        FifoQueues.FifoQueue q = fx.queue(task, 50);
        Workload w = new Workload(table, new Random(seed));
        List<Transaction> txs = w.transactions(transactions);
        for (int at = 0; at < txs.size(); at += perMessage) {
            List<Transaction> part = txs.subList(at, Math.min(txs.size(), at + perMessage));
            fx.send(q, Batches.batch(task, BatchKind.DML, false, part.toArray(Transaction[]::new)));
        }
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, listener, Clock.systemUTC())
                    .writingStatusInBackground();
            int sent = (txs.size() + perMessage - 1) / perMessage;
            int delivered = 0;
            while (delivered < sent) {
                var messages = fx.receive(q, Math.min(10, sent - delivered));
                assertTrue(fx.deliver(q, messages, p).getBatchItemFailures().isEmpty(), fx.reason(task));
                delivered += messages.size();
            }
            p.close(); // the progress still pending is written
        }
        // Rows committed by the lanes of an attempt that failed count once, with the attempt that finishes the unit.
        assertEquals(txs.stream().mapToLong(t -> t.changes().size()).sum(),
                fx.status.get(task, Direction.A2B).orElseThrow().rowsApplied(), "the status counts every row once");
        assertEquals(List.of(), fx.conflicts.recent(task, 10), "no conflict: nothing applied twice");
        assertEquals(TaskState.CREATED, fx.state(task));
        assertEquals(txs.get(txs.size() - 1).seq().text(),
                fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = '" + task + "'"));
        return w;
    }

    /** Both tables as id -> [code, v], keyed by table name. */
    private static Map<String, Map<Long, List<Long>>> target(String table) throws SQLException {
        Map<String, Map<Long, List<Long>>> out = new TreeMap<>();
        for (String t : List.of(table + "_u", table + "_k")) {
            Map<Long, List<Long>> rows = new TreeMap<>();
            for (List<String> r : fx.rows("SELECT id, code, v FROM par." + t)) {
                rows.put(Long.parseLong(r.get(0)), List.of(Long.parseLong(r.get(1)), Long.parseLong(r.get(2))));
            }
            out.put(t, rows);
        }
        return out;
    }

    private static int lanesUsed(String table) throws SQLException {
        return Integer.parseInt(fx.scalar("SELECT COUNT(*) FROM duplex.apply_lane WHERE task = 'par-" + table + "'"));
    }

    /**
     * Random transactions and the tables they leave: on _k inserts, updates, deletes and a key deleted
     * and inserted again, on a few hot rows; on _u unique codes swapped between rows, in one
     * transaction and over three.
     */
    private static final class Workload {
        private final Random random;
        private final Map<String, TreeMap<Long, List<Long>>> tables = new TreeMap<>();
        private final String u;
        private final String k;
        private long nextId = 1;
        private long pos = 4;

        Workload(String table, Random random) {
            this.random = random;
            this.u = table + "_u";
            this.k = table + "_k";
            tables.put(u, new TreeMap<>());
            tables.put(k, new TreeMap<>());
        }

        Map<String, ? extends Map<Long, List<Long>>> model() {
            return tables;
        }

        List<Transaction> transactions(int n) {
            List<Transaction> out = new ArrayList<>();
            while (out.size() < n) {
                int kind = random.nextInt(12);
                if (tables.get(u).size() < 6 || kind == 0) {
                    out.add(tx(insert(u, nextId, nextId++)));
                } else if (tables.get(k).size() < 6 || kind < 4) {
                    out.add(tx(insert(k, nextId, random.nextInt(50)), update(k, pick(k), (long) random.nextInt(50))));
                    nextId++;
                } else if (kind < 7) {
                    out.add(tx(update(k, pick(k), null), update(k, pick(k), null)));
                } else if (kind < 8) {
                    long id = pick(k);
                    long code = tables.get(k).get(id).get(0);
                    out.add(tx(delete(k, id))); // the key comes back at once
                    out.add(tx(insert(k, id, code)));
                } else if (kind < 9) {
                    out.add(tx(delete(k, pick(k))));
                } else if (kind < 10) {
                    out.add(tx(update(u, pick(u), null)));
                } else {
                    long x = pick(u);
                    long y = other(x);
                    long cx = tables.get(u).get(x).get(0);
                    long cy = tables.get(u).get(y).get(0);
                    if (kind == 10) {
                        out.add(tx(update(u, x, -x), update(u, y, cx), update(u, x, cy))); // a swap in one transaction
                    } else {
                        out.add(tx(update(u, x, -x))); // the same swap over three transactions
                        out.add(tx(update(u, y, cx)));
                        out.add(tx(update(u, x, cy)));
                    }
                }
            }
            return out; // a swap over three transactions may end past n: cutting it would leave the model ahead
        }

        private long pick(String table) {
            List<Long> ids = new ArrayList<>(tables.get(table).keySet());
            return ids.get(random.nextInt(Math.min(ids.size(), 16))); // a few hot rows: overlaps are the rule
        }

        private long other(long x) {
            long y = pick(u);
            while (y == x) {
                y = pick(u);
            }
            return y;
        }

        private Transaction tx(RowChange... changes) {
            Transaction t = Batches.tx(pos, changes);
            pos += 100;
            return t;
        }

        private RowChange insert(String table, long id, long code) {
            tables.get(table).put(id, List.of(code, 0L));
            return RowChange.insert("par", table, COLS, List.of("id"), image(table, id));
        }

        /** Sets row {@code id}'s code ({@code null}: keeps it) and counts v up. */
        private RowChange update(String table, long id, Long code) {
            List<Value> before = image(table, id);
            List<Long> r = tables.get(table).get(id);
            tables.get(table).put(id, List.of(code == null ? r.get(0) : code, r.get(1) + 1));
            return RowChange.update("par", table, COLS, List.of("id"), before, image(table, id));
        }

        private RowChange delete(String table, long id) {
            List<Value> before = image(table, id);
            tables.get(table).remove(id);
            return RowChange.delete("par", table, COLS, List.of("id"), before);
        }

        private List<Value> image(String table, long id) {
            List<Long> r = tables.get(table).get(id);
            return List.of(i(id), i(r.get(0)), i(r.get(1)));
        }
    }
}
