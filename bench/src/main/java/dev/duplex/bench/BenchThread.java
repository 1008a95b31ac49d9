package dev.duplex.bench;

import dev.duplex.core.thread.StoppableThread;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A named thread with start, stop and await-stop that keeps its failure for the caller. */
abstract class BenchThread {
    private final String name;
    private final StoppableThread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    BenchThread(String name) {
        this.name = name;
        this.thread = StoppableThread.daemon(name);
    }

    abstract void work() throws Exception;

    void start() {
        thread.start(() -> {
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
        return thread.stopping();
    }

    Exception failure() {
        return failure.get();
    }

    /** Stops and waits; rethrows what made the thread fail, if anything did. */
    void stopAndAwait() throws InterruptedException {
        thread.stop();
        thread.awaitStop(Duration.ofSeconds(10));
        if (failure.get() != null) {
            throw new BenchException(name + " failed: " + failure.get().getMessage(), failure.get());
        }
    }
}
