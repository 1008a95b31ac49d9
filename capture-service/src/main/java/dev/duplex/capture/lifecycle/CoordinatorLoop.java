package dev.duplex.capture.lifecycle;

import dev.duplex.core.store.TaskState;
import dev.duplex.core.thread.ThreadWorker;
import dev.duplex.core.thread.Wakeup;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Steps coordinator}'s steps on a thread of its own, while {@code active} says this
 * process leads: every {@code every}, or at once when {@code wakeup} is woken (the forward capture
 * wakes it as its copy ends, so the task goes RUNNING then, not up to a whole pause later).
 */
public final class CoordinatorLoop extends ThreadWorker {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLoop.class);

    /** What the loop runs: {@link TaskCoordinator}'s step and failure handling. */
    public interface Steps {
        TaskState step();

        void onFailure(RuntimeException e);
    }

    private final Steps coordinator;
    private final BooleanSupplier active;
    private final Duration every;
    private final Wakeup wakeup;

    /**
     * @param active whether this process coordinates now: in a capture container, while it holds
     *               node a's capture lease, so that of two containers only one does
     */
    public CoordinatorLoop(String task, Steps coordinator, BooleanSupplier active, Duration every, Wakeup wakeup) {
        super("coordinator-" + task);
        this.coordinator = coordinator;
        this.active = active;
        this.every = every;
        this.wakeup = wakeup;
    }

    @Override
    protected void work() {
        while (!stopping()) {
            if (active.getAsBoolean()) {
                try {
                    coordinator.step();
                } catch (RuntimeException e) {
                    try {
                        coordinator.onFailure(e);
                    } catch (RuntimeException storeDown) {
                        LOG.warn("coordinator: cannot record the failure ({}); trying again", storeDown.toString());
                    }
                }
            }
            try {
                wakeup.await(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
