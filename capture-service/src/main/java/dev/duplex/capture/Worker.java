package dev.duplex.capture;

import java.time.Duration;
import java.util.List;

/** A long-running part of capture with its own thread(s). */
public interface Worker {

    /** Starts the work in the background; a worker is started once. */
    void start();

    /** Asks the worker to stop and returns at once. Safe to call more than once, or before start. */
    void stop();

    /** Waits until the worker's threads are gone; true if they are. */
    boolean awaitStop(Duration timeout) throws InterruptedException;

    /** Joins {@code threads} within one {@code timeout} for all of them; true if none is left alive. */
    static boolean joinAll(List<Thread> threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
