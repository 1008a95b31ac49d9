package dev.duplex.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A named thread with start, stop and await-stop that keeps its failure for the caller. */
abstract class BenchThread {
    private final String name;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private Thread thread;

    BenchThread(String name) {
        this.name = name;
    }

    abstract void work() throws Exception;

    void start() {
        thread = Thread.ofPlatform().name(name).daemon().start(() -> {
            try {
                work();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure.set(e);
            }
        });
    }

    boolean stopping() {
        return stopping;
    }

    Exception failure() {
        return failure.get();
    }

    /** Stops and waits; rethrows what made the thread fail, if anything did. */
    void stopAndAwait() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
        if (failure.get() != null) {
            throw new BenchException(name + " failed: " + failure.get().getMessage(), failure.get());
        }
    }
}
