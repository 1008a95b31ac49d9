package dev.duplex.core.thread;

import java.time.Duration;

/** A long-running part of capture with its own thread(s). */
public interface Worker {

    /** Starts the work in the background; a worker is started once. */
    void start();

    /** Asks the worker to stop and returns at once. Safe to call more than once, or before start. */
    void stop();

    /** Waits until the worker's threads are gone; true if they are. */
    boolean awaitStop(Duration timeout) throws InterruptedException;
}
