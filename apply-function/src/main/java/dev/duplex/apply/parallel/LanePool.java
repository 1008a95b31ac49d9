package dev.duplex.apply.parallel;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections and threads the lanes of a parallel apply run on, kept between units (and, on
 * Lambda, between invocations of one instance). Lane sessions read committed, so they take no gap
 * locks another lane could wait for, and wait at most {@link #LOCK_WAIT_SECONDS} for a lock: lanes
 * never share a key, so a wait means a dependency the plan could not see (a trigger), and the unit
 * is then applied again in one connection instead ({@link ParallelUnit}).
 */
public final class LanePool implements AutoCloseable {
    static final int LOCK_WAIT_SECONDS = 1;

    /** Opens a target connection prepared as the apply's own (session, duplex schema). */
    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final int size;
    private final List<Connection> connections = new ArrayList<>();
    /** A lane whose last unit neither committed nor rolled back: its connection may hold a transaction. */
    private final boolean[] open;
    private final ExecutorService threads;
    private boolean closed;

    /** @param direction the direction's code, last in each thread's name (apply-lane-N-a2b) */
    public LanePool(Opener opener, int size, String direction) {
        this.opener = opener;
        this.size = size;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "apply-lane-" + n.incrementAndGet() + "-" + direction);
            t.setDaemon(true);
            return t;
        };
        this.threads = Executors.newFixedThreadPool(size, factory);
        this.open = new boolean[size];
        for (int i = 0; i < size; i++) {
            connections.add(null);
        }
    }

    public int size() {
        return size;
    }

    ExecutorService threads() {
        return threads;
    }

    /**
     * Lane {@code lane}'s connection for a new unit: a connection left with a transaction that
     * neither committed nor rolled back is closed first (the server rolls it back), so nothing of
     * an abandoned unit can be committed with this one.
     */
    synchronized Connection begin(int lane) throws SQLException {
        if (open[lane]) {
            discard(lane);
        }
        Connection c = connection(lane);
        open[lane] = true;
        return c;
    }

    /** Lane {@code lane}'s unit committed or rolled back. */
    synchronized void ended(int lane) {
        open[lane] = false;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Lane {@code lane}'s connection, opened when missing or closed. Called from one thread at a time per lane. */
    synchronized Connection connection(int lane) throws SQLException {
        if (closed) {
            throw new SQLException("the lane pool is closed", "08003");
        }
        Connection c = connections.get(lane);
        if (c == null || c.isClosed()) {
            c = opener.open();
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
                st.execute("SET SESSION innodb_lock_wait_timeout = " + LOCK_WAIT_SECONDS);
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            connections.set(lane, c);
        }
        return c;
    }

    /** Drops lane {@code lane}'s connection (after an error that may have broken it). */
    synchronized void discard(int lane) {
        Connection c = connections.get(lane);
        connections.set(lane, null);
        open[lane] = false;
        if (c != null) {
            closeQuietly(c);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (int i = 0; i < size; i++) {
            discard(i);
        }
        threads.shutdownNow();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // A broken connection cannot be closed cleanly; nothing is left to release.
        }
    }
}
