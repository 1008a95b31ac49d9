package dev.duplex.core.thread;

import java.time.Duration;

/**
 * A worker that owns one daemon thread: start runs {@link #work()} on it, stop sets the flag
 * and interrupts, await-stop joins. Subclasses loop while {@link #stopping()} is false.
 */
public abstract class ThreadWorker implements Worker {
    private final StoppableThread thread;

    protected ThreadWorker(String threadName) {
        this.thread = StoppableThread.daemon(threadName);
    }

    /** The worker's loop, on its own thread; returns when stopping or done. */
    protected abstract void work();

    protected final boolean stopping() {
        return thread.stopping();
    }

    @Override
    public void start() {
        thread.start(this::work);
    }

    @Override
    public void stop() {
        thread.stopAndInterrupt();
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return thread.awaitStop(timeout);
    }
}
