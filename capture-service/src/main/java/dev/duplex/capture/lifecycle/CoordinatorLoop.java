package dev.duplex.capture.lifecycle;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs a {@link TaskCoordinator}'s steps on a thread of its own, while {@code active} says this process leads. */
public final class CoordinatorLoop {
    private final TaskCoordinator coordinator;
    private final BooleanSupplier active;
    private final Duration every;
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param active whether this process coordinates now: in a capture container, while it holds
     *               node a's capture lease, so that of two containers only one does
     */
    public CoordinatorLoop(TaskCoordinator coordinator, BooleanSupplier active, Duration every) {
        this.coordinator = coordinator;
        this.active = active;
        this.every = every;
    }

    public synchronized void start(String name) {
        thread = new Thread(this::run, "coordinator-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            if (active.getAsBoolean()) {
                try {
                    coordinator.step();
                } catch (RuntimeException e) {
                    try {
                        coordinator.onFailure(e);
                    } catch (RuntimeException storeDown) {
                        // The task store is unreachable too: the next step tries again.
                        org.slf4j.LoggerFactory.getLogger(CoordinatorLoop.class).warn(
                                "coordinator: cannot record the failure ({}); trying again", storeDown.toString());
                    }
                }
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, timeout.toMillis()));
        return !t.isAlive();
    }
}
