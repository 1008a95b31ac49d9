package dev.duplex.core.thread;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Two things started at once, each of which mostly waits on its own start (a database server
 * initializing its files, an embedded service binding its port), so starting them side by side
 * takes as long as the slower one instead of both. Either both are returned, or neither: when one
 * start fails the other, once it has started, is closed again, and the first failure is thrown with
 * the other's attached.
 */
public record StartedBoth<A extends AutoCloseable, B extends AutoCloseable>(A first, B second) {

    /**
     * Starts {@code second} on a thread of its own while this thread starts {@code first}; returns
     * once both have started. Interrupting the caller does not abandon the other start: it is
     * waited for and closed, so nothing started is left running.
     */
    public static <A extends AutoCloseable, B extends AutoCloseable> StartedBoth<A, B> start(
            Supplier<A> first, Supplier<B> second, String secondName) {
        CompletableFuture<B> other = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                other.complete(second.get());
            } catch (Throwable t) {
                other.completeExceptionally(t);
            }
        }, "start-" + secondName);
        thread.setDaemon(true);
        thread.start();
        A a;
        try {
            a = first.get();
        } catch (RuntimeException | Error e) {
            Outcome<B> b = await(other);
            if (b.failure() != null) {
                e.addSuppressed(b.failure());
            }
            closeAfter(b.value(), e);
            throw e;
        }
        Outcome<B> b = await(other);
        if (b.failure() != null || b.value() == null) {
            RuntimeException failure = b.failure() instanceof RuntimeException r ? r
                    : new IllegalStateException("starting " + secondName + " failed: " + b.failure(), b.failure());
            closeAfter(a, failure);
            throw failure;
        }
        return new StartedBoth<>(a, b.value());
    }

    private record Outcome<B>(B value, Throwable failure) {}

    /** The other start's outcome, waited for to the end even when this thread is interrupted. */
    private static <B> Outcome<B> await(CompletableFuture<B> other) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return new Outcome<>(other.get(), null);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return new Outcome<>(null, e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeAfter(AutoCloseable started, Throwable failure) {
        if (started == null) {
            return;
        }
        try {
            started.close();
        } catch (Exception e) {
            failure.addSuppressed(e); // the start's failure is what the caller needs; this rides on it
        }
    }
}
