package dev.duplex.cli.e2e.workload;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Random inserts, updates and deletes on one node, in transactions of one to five statements
 * (some multi-row, some rolled back on purpose), to the rows this node owns. It counts the row
 * changes it committed and remembers which rows exist, so a test can compare both with what the
 * other node received. When the server goes away it reconnects; a commit whose outcome is
 * unknown is settled by reading the touched rows back.
 */
public final class RandomWorkload implements Runnable {
    private final MySqlServer server;
    private final String database;
    private final int parity;
    private final List<RandomTable> tables;
    private final Map<String, KeySpace> keys = new HashMap<>();
    private final Random random;
    private final long rowTarget;
    private final double txPerSecond;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong multiStatement = new AtomicLong();
    private final AtomicLong rolledBack = new AtomicLong();
    private final AtomicLong uncertain = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong deadlocks = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Rows touched by commits of unknown outcome -> whether the commit meant them to exist. */
    private final Map<String, Boolean> unsettled = new LinkedHashMap<>();
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param node        "a" (odd row numbers) or "b" (even)
     * @param rowTarget   stop after committing this many row changes (Long.MAX_VALUE: until stopped)
     * @param txPerSecond 0 for as fast as the server commits
     */
    public RandomWorkload(MySqlServer server, String node, String database, List<RandomTable> tables, long seed,
                          long rowTarget, double txPerSecond) {
        this.server = server;
        this.database = database;
        this.parity = "a".equals(node) ? 1 : 0;
        this.tables = tables;
        this.random = new Random(seed);
        this.rowTarget = rowTarget;
        this.txPerSecond = txPerSecond;
        tables.forEach(t -> keys.put(t.name(), new KeySpace()));
    }

    public void start() {
        thread = Thread.ofPlatform().name("workload-" + server.name()).start(this);
    }

    public void stop() {
        stopping = true;
    }

    /** Waits for the thread to end; rethrows what stopped it, if anything did. */
    public void awaitStop(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        if (thread.isAlive()) {
            throw new IllegalStateException("workload on " + server.name() + " did not stop within " + timeout);
        }
        failure().ifPresent(f -> {
            throw new IllegalStateException("workload on " + server.name() + " failed: " + f, f);
        });
    }

    public boolean isDone() {
        return thread != null && !thread.isAlive();
    }

    public long rows() {
        return rows.get();
    }

    public long transactions() {
        return transactions.get();
    }

    /** Committed transactions of two to five statements. */
    public long multiStatementTransactions() {
        return multiStatement.get();
    }

    public long rolledBack() {
        return rolledBack.get();
    }

    /** Commits interrupted by a lost connection: their row changes are not in {@link #rows()}. */
    public long uncertainCommits() {
        return uncertain.get();
    }

    /** Transactions rolled back by a deadlock or lock wait time-out (with the apply side). */
    public long deadlocks() {
        return deadlocks.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** table -> keys (as "k1|k2") of the rows this node's writes left; read after the workload stopped. */
    public Map<String, Set<String>> liveKeys() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (RandomTable t : tables) {
            Set<String> set = new TreeSet<>();
            keys.get(t.name()).all().forEach(n -> set.add(Statements.keyText(t, n)));
            out.put(t.name(), set);
        }
        return out;
    }

    @Override
    public void run() {
        long period = txPerSecond > 0 ? (long) (1e9 / txPerSecond) : 0;
        long next = System.nanoTime();
        Connection c = null;
        try {
            while (!stopping && rows.get() < rowTarget) {
                if (c == null) {
                    c = connect();
                    continue;
                }
                if (!oneTransaction(c)) {
                    closeQuietly(c);
                    c = null;
                    reconnects.incrementAndGet();
                }
                if (period > 0) {
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            closeQuietly(c);
        }
    }

    /** Runs one transaction; false when the connection broke (the caller reconnects). */
    private boolean oneTransaction(Connection c) throws SQLException {
        Deque<Runnable> undo = new ArrayDeque<>();
        Map<String, Boolean> touched = new LinkedHashMap<>();
        Statements st = new Statements(c, database, parity, random, keys, undo, touched);
        int count = 0;
        boolean committing = false;
        int statements = 1 + random.nextInt(5);
        try {
            for (int i = 0; i < statements; i++) {
                count += st.random(tables.get(random.nextInt(tables.size())));
            }
            if (random.nextInt(25) == 0) {
                c.rollback();
                undoAll(undo);
                rolledBack.incrementAndGet();
                return true;
            }
            committing = true;
            c.commit();
            rows.addAndGet(count);
            transactions.incrementAndGet();
            if (statements > 1) {
                multiStatement.incrementAndGet();
            }
            return true;
        } catch (SQLException e) {
            return recover(e, c, undo, committing ? touched : null);
        }
    }

    /**
     * After a failed statement or commit: a lock conflict rolls back and goes on, a lost
     * connection asks for a new one (a commit in flight is settled by reading its rows back),
     * anything else stops the workload.
     */
    private boolean recover(SQLException e, Connection c, Deque<Runnable> undo, Map<String, Boolean> inFlightCommit)
            throws SQLException {
        if (isLockConflict(e)) {
            // The apply side writes this node's tables too: gap locks can deadlock with it.
            c.rollback();
            undoAll(undo);
            deadlocks.incrementAndGet();
            return true;
        }
        if (!isConnectionLoss(e)) {
            throw e;
        }
        undoAll(undo);
        if (inFlightCommit != null) {
            uncertain.incrementAndGet();
            settleLater(inFlightCommit);
        }
        return false;
    }

    private void settleLater(Map<String, Boolean> touched) {
        unsettled.putAll(touched);
    }

    private Connection connect() throws InterruptedException {
        Connection c = null;
        try {
            c = server.connect();
            try (Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+00:00'");
                // The usual two-writer setup: generated ids interleave, odd on a and even on b.
                s.execute("SET auto_increment_increment = 2, auto_increment_offset = " + (parity == 1 ? 1 : 2));
            }
            c.setAutoCommit(false);
            Statements.settle(c, database, tables, keys, unsettled);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            Thread.sleep(250);
            return null;
        }
    }

    private static boolean isLockConflict(SQLException e) {
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
    }

    private static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || e.getErrorCode() == 1927 || e.getErrorCode() == 1053
                || e instanceof SQLRecoverableException;
    }

    private static void undoAll(Deque<Runnable> undo) {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Already broken: nothing to release.
            }
        }
    }
}
