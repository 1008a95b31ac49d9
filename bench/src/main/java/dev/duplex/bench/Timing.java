package dev.duplex.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** Small helpers for timing things that run at the same time. */
final class Timing {
    private Timing() {}

    static double secondsSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1e9;
    }

    /** Runs {@code work} on its own thread; {@link #join} gives its result or rethrows its failure. */
    static <T> Future<T> async(String name, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread.ofPlatform().name("bench-" + name).daemon().start(task);
        return task;
    }

    static <T> T join(Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw new CompletionException(e.getCause());
        }
    }

    /** Seconds from {@code since} until {@code wait} returns, on its own thread. */
    static Future<Double> elapsedUntil(String name, long since, ThrowingRunnable wait) {
        return async(name, () -> {
            wait.run();
            return secondsSince(since);
        });
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

}
