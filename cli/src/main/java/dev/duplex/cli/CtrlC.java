package dev.duplex.cli;

import dev.duplex.sandbox.ShutdownGrace;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for long-running commands: the signal asks the command to stop, and the JVM waits for
 * the command's own clean-up (stopping captures, closing servers) before it exits; the sandbox
 * servers the command started are killed at exit only after that clean-up.
 */
final class CtrlC implements AutoCloseable {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private final ShutdownGrace sandboxes;

    CtrlC(Duration cleanupLimit) {
        sandboxes = ShutdownGrace.open(cleanupLimit);
        hook = Thread.ofPlatform().unstarted(() -> {
            stop.countDown();
            try {
                finished.await(cleanupLimit.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Waits up to {@code d}; true when stopping was asked for. */
    boolean awaitStop(Duration d) throws InterruptedException {
        return stop.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    void requestStop() {
        stop.countDown();
    }

    @Override
    public void close() {
        finished.countDown();
        sandboxes.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and now sees `finished`.
        }
    }
}
