package dev.duplex.core.thread;

import java.time.Duration;
import java.util.List;

/**
 * The lifecycle of one background thread, written once: start it (once) under a name, ask it to
 * stop (a flag its loop reads, with or without an interrupt that cuts a sleep or a blocking wait
 * short), and await its end within a time-out. What the thread does, and what else a stop must do
 * (close a socket, count down a latch), stays with its owner.
 */
public final class StoppableThread {
    private final String name;
    private final boolean daemon;
    private volatile boolean stopping;
    private volatile Thread thread;

    private StoppableThread(String name, boolean daemon) {
        this.name = name;
        this.daemon = daemon;
    }

    /** A daemon thread: it does not keep the JVM alive. */
    public static StoppableThread daemon(String name) {
        return new StoppableThread(name, true);
    }

    /** A thread that is a daemon only if the thread starting it is one (Java's default). */
    public static StoppableThread named(String name) {
        return new StoppableThread(name, false);
    }

    /** Runs {@code body} on a new platform thread; a thread is started once. */
    public synchronized void start(Runnable body) {
        if (thread != null) {
            throw new IllegalStateException(name + " was started already");
        }
        Thread.Builder.OfPlatform builder = Thread.ofPlatform().name(name);
        thread = (daemon ? builder.daemon() : builder).start(body);
    }

    /** Whether a stop was asked for: the thread's loop ends when it sees it. */
    public boolean stopping() {
        return stopping;
    }

    /** Asks the thread to stop and returns at once. Safe to call more than once, or before start. */
    public void stop() {
        stopping = true;
    }

    /** As {@link #stop()}, and interrupts the thread so that a sleep or a blocking wait ends now. */
    public void stopAndInterrupt() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits up to {@code timeout} for the thread to end; true if it has (or never started). */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        Thread t = thread;
        return t == null || awaitAll(List.of(t), timeout);
    }

    /** Joins {@code threads} within one {@code timeout} for all of them; true if none is left alive. */
    public static boolean awaitAll(List<Thread> threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            // join(0) would wait for ever: at least a millisecond.
            t.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
