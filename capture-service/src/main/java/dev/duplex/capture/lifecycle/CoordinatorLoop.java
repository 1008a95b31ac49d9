package dev.duplex.capture.lifecycle;

import dev.duplex.core.thread.ThreadWorker;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link TaskCoordinator}'s steps on a thread of its own, while {@code active} says this process leads. */
public final class CoordinatorLoop extends ThreadWorker {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLoop.class);

    private final TaskCoordinator coordinator;
    private final BooleanSupplier active;
    private final Duration every;

    /**
     * @param active whether this process coordinates now: in a capture container, while it holds
     *               node a's capture lease, so that of two containers only one does
     */
    public CoordinatorLoop(String task, TaskCoordinator coordinator, BooleanSupplier active, Duration every) {
        super("coordinator-" + task);
        this.coordinator = coordinator;
        this.active = active;
        this.every = every;
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
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
