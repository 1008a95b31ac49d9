package dev.duplex.capture;

import dev.duplex.capture.lifecycle.TaskCoordinator;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.store.TaskRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a capture without a checkpoint starts: the position {@code duplex task start} pinned for
 * its node, so that what the node committed between the start and this capture coming up is sent
 * too. A capture that comes up before the task was started waits for the start.
 */
final class PinnedStart {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedStart.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final CaptureSettings settings;
    private final CaptureResources resources;
    private final CaptureMetrics metrics;
    private final BooleanSupplier stopping;

    PinnedStart(CaptureSettings settings, CaptureResources resources, CaptureMetrics metrics, BooleanSupplier stopping) {
        this.settings = settings;
        this.resources = resources;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    /**
     * The pinned position; empty where the task keeps none (no snapshot store, or a task started by
     * a build that did not pin: the source's current position then, as before).
     *
     * @throws RetriableException when capture stops while waiting
     */
    Optional<BinlogPosition> awaitPinned() {
        if (resources.snapshots() == null) {
            return Optional.empty();
        }
        boolean logged = false;
        while (!stopping.getAsBoolean()) {
            Optional<BinlogPosition> pinned = resources.snapshots().state(settings.task())
                    .flatMap(s -> s.startOf(settings.direction()));
            Optional<TaskRecord> task = resources.tasks().get(settings.task());
            if (pinned.isPresent() || task.isEmpty() || TaskCoordinator.started(task.get().state())) {
                return pinned;
            }
            if (!logged) {
                LOG.info("task={} dir={} is {}: waiting for `duplex task start {}`, which fixes where each capture "
                        + "starts", settings.task(), settings.direction().code(), task.get().state(), settings.task());
                metrics.state(CaptureStatus.State.STARTING, "waiting for duplex task start");
                logged = true;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new RetriableException("capture stopped while waiting for the task to start");
    }
}
