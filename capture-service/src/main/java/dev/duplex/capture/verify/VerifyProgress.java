package dev.duplex.capture.verify;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows compared so far against node a's estimate of the total, with the rate and the time left,
 * on one line that is rewritten at most every half second (nothing when there is nowhere to show it).
 */
public final class VerifyProgress {
    private static final long EVERY_NANOS = 500_000_000L;
    private final PrintWriter out;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private volatile long total;
    private volatile int tables;
    private volatile int tablesDone;
    private long shownAt;

    private VerifyProgress(PrintWriter out) {
        this.out = out;
    }

    public static VerifyProgress to(PrintWriter out) {
        return new VerifyProgress(out);
    }

    public static VerifyProgress none() {
        return new VerifyProgress(null);
    }

    void plan(int tableCount, long estimatedRows) {
        this.tables = tableCount;
        this.total = Math.max(1, estimatedRows);
    }

    void rowsDone(TablePair t, long rows) {
        done.addAndGet(rows);
        show(false);
    }

    synchronized void tableDone() {
        tablesDone++;
        show(false);
    }

    /** The last state, on a line of its own. */
    synchronized void finish() {
        show(true);
        if (out != null) {
            out.println();
            out.flush();
        }
    }

    private synchronized void show(boolean force) {
        long now = System.nanoTime();
        if (out == null || !force && now - shownAt < EVERY_NANOS) {
            return;
        }
        shownAt = now;
        long rows = done.get();
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = rows / seconds;
        long left = Math.max(0, total - rows);
        String eta = rate < 1 ? "?" : Math.round(left / rate) + " s";
        out.printf(Locale.ROOT, "\rverify: %,d of ~%,d rows (%d%%), %,.0f rows/s, ETA %s, %d/%d tables   ", rows, total,
                Math.min(100, rows * 100 / total), rate, eta, tablesDone, tables);
        out.flush();
    }

    public long rows() {
        return done.get();
    }

    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
