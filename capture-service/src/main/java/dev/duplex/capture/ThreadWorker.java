package dev.duplex.capture;

import java.time.Duration;

/**
 * A worker that owns one daemon thread: start runs {@link #work()} on it, stop sets the flag
 * and interrupts, await-stop joins. Subclasses loop while {@link #stopping()} is false.
 */
public abstract class ThreadWorker implements Worker {
    private final String threadName;
    private volatile boolean stopping;
    private volatile Thread thread;

    protected ThreadWorker(String threadName) {
        this.threadName = threadName;
    }

    /** The worker's loop, on its own thread; returns when stopping or done. */
    protected abstract void work();

    protected final boolean stopping() {
        return stopping;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(threadName + " was started already");
        }
        Thread t = new Thread(this::work, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }
}
