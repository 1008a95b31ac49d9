package dev.duplex.cli.e2e;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling for a condition; a time-out fails with what was awaited and a diagnostic. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /** A condition that may throw (SQL, AWS); an exception counts as "not yet". */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    public static void until(String what, Duration timeout, Check check, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (check.holds()) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError err = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + (last == null ? "" : " (last attempt failed: " + last + ")") + "\n"
                        + diagnostics.get());
                if (last != null) {
                    err.initCause(last);
                }
                throw err;
            }
            sleep(POLL);
        }
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
