package dev.duplex.cli.fullsync;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Bounded polling for a condition, never a fixed sleep. */
final class Waits {
    private Waits() {}

    static void until(Callable<Boolean> condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
