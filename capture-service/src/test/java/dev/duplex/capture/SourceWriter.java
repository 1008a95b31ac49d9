package dev.duplex.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes numbered transactions into {@code db.t (id, txn, n)} on its own thread: transaction k
 * has 3 rows when k is a multiple of 10, else 1, and every row carries its transaction's number
 * and row count, so a consumer can tell a complete transaction from a torn one.
 */
final class SourceWriter implements AutoCloseable {
    static String table(String db) {
        return "CREATE TABLE " + db + ".t (id INT PRIMARY KEY, txn INT NOT NULL, n INT NOT NULL)";
    }

    static int rowsOf(int txn) {
        return txn % 10 == 0 ? 3 : 1;
    }

    private final CaptureHarness h;
    private final String db;
    private final int transactions;
    private final long pauseNanos;
    private final AtomicInteger written = new AtomicInteger();
    private volatile Throwable failure;
    private Thread thread;

    SourceWriter(CaptureHarness h, String db, int transactions, int perSecond) {
        this.h = h;
        this.db = db;
        this.transactions = transactions;
        this.pauseNanos = 1_000_000_000L / perSecond;
    }

    SourceWriter start() {
        thread = new Thread(this::run, "source-writer");
        thread.start();
        return this;
    }

    private void run() {
        int id = 0;
        long next = System.nanoTime();
        try (Connection c = h.db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + db + ".t VALUES (?, ?, ?)")) {
            for (int k = 1; k <= transactions; k++) {
                int n = rowsOf(k);
                c.setAutoCommit(n == 1);
                for (int r = 0; r < n; r++) {
                    ps.setInt(1, ++id);
                    ps.setInt(2, k);
                    ps.setInt(3, n);
                    ps.executeUpdate();
                }
                if (n > 1) {
                    c.commit();
                }
                written.set(k);
                next += pauseNanos;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    int written() {
        return written.get();
    }

    boolean done() {
        return !thread.isAlive();
    }

    void await() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw new AssertionError("writer failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.join(60_000);
    }
}
