package dev.duplex.capture;

import dev.duplex.capture.lifecycle.ApplyMappings;
import dev.duplex.capture.lifecycle.CoordinatorLoop;
import dev.duplex.capture.lifecycle.LambdaMappings;
import dev.duplex.capture.lifecycle.TaskCoordinator;
import dev.duplex.capture.lifecycle.TaskFailedReporter;
import dev.duplex.capture.verify.ScheduledVerification;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.thread.Wakeup;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The container's part in the task's lifecycle: node a's capture container runs the task
 * coordinator while it holds the capture lease (a standby container does not); node b's runs none.
 * Node a's container also reports the task-wide metric {@code TaskFailed} every 10 s when metrics
 * are on ({@code DUPLEX_METRICS=emf}), for the "task failed" alarm.
 */
final class Coordination implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordination.class);
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration METRICS_EVERY = Duration.ofSeconds(10);

    private final TaskCoordinator coordinator;
    private final CoordinatorLoop loop;
    private final LambdaClient lambda;
    private final TaskFailedReporter failedReporter;
    /** verify.schedule's runs, while this container leads; null without a schedule. */
    private final ScheduledVerification verification;
    private final String task;

    private Coordination(TaskCoordinator coordinator, CoordinatorLoop loop, LambdaClient lambda,
                         TaskFailedReporter failedReporter, ScheduledVerification verification, String task) {
        this.coordinator = coordinator;
        this.loop = loop;
        this.lambda = lambda;
        this.failedReporter = failedReporter;
        this.verification = verification;
        this.task = task;
    }

    /**
     * @param status where scheduled verification keeps its outcome (verify.schedule)
     * @param wakeup makes the coordinator look now (the forward capture wakes it as its copy ends)
     */
    static Coordination forNode(MainOptions o, TaskConfig config, CaptureResources resources, CaptureService service,
                                Region region, StatusStore status, Wakeup wakeup) {
        boolean coordinates = "a".equals(o.requireNode()) && !Boolean.FALSE.equals(o.coordinate)
                && resources.snapshots() != null;
        if (!coordinates) {
            return new Coordination(null, null, null, null, null, config.task());
        }
        Map<Direction, String> uuids = new EnumMap<>(Direction.class);
        MainOptions.given(o.a2bMapping).ifPresent(u -> uuids.put(Direction.A2B, u));
        MainOptions.given(o.b2aMapping).ifPresent(u -> uuids.put(Direction.B2A, u));
        LambdaClient lambda = uuids.isEmpty() ? null
                : LambdaMappings.client(MainOptions.given(o.lambdaEndpoint).map(URI::create), region);
        ApplyMappings mappings = lambda == null ? ApplyMappings.NONE : new LambdaMappings(lambda, uuids);
        if (lambda == null) {
            LOG.warn("task={} no event source mappings given (DUPLEX_A2B_MAPPING, DUPLEX_B2A_MAPPING): a pause or a "
                    + "failure leaves the apply functions receiving, which spends receives", config.task());
        }
        TaskCoordinator coordinator = new TaskCoordinator(config, resources.tasks(), resources.snapshots(),
                resources.secrets(), mappings, resources.clock());
        CoordinatorLoop loop = new CoordinatorLoop(config.task(), coordinator, () -> leads(service), EVERY, wakeup);
        ScheduledVerification verification = config.verify().every().isEmpty() ? null
                : new ScheduledVerification(config, resources.secrets(), status, () -> leads(service) && running(
                        config, resources), EmfMetrics.fromEnvironment(System::getenv, Clock.systemUTC()), resources.clock());
        return new Coordination(coordinator, loop, lambda, failedReporter(config, resources), verification,
                config.task());
    }

    private static boolean running(TaskConfig config, CaptureResources resources) {
        return resources.tasks().get(config.task()).map(r -> r.state() == TaskState.RUNNING).orElse(false);
    }

    /** TaskFailed, read from the task table, as EMF lines on stdout; none unless DUPLEX_METRICS=emf. */
    private static TaskFailedReporter failedReporter(TaskConfig config, CaptureResources resources) {
        if (!EmfMetrics.fromEnvironment(System::getenv, Clock.systemUTC()).enabled()) {
            return null;
        }
        String task = config.task();
        return new TaskFailedReporter(task, () -> resources.tasks().get(task).map(TaskRecord::state),
                System.out::println, Clock.systemUTC(), METRICS_EVERY);
    }

    /** Only the container holding node a's capture lease coordinates. */
    private static boolean leads(CaptureService service) {
        CaptureStatus.State s = service.status().state();
        return s != CaptureStatus.State.NEW && s != CaptureStatus.State.STANDBY;
    }

    void start() {
        if (loop != null) {
            loop.start();
        }
        if (failedReporter != null) {
            failedReporter.start();
        }
        if (verification != null) {
            verification.start();
        }
    }

    /** After the capture stopped: one last step, so that a FAILED task has its mappings switched off. */
    void finish() {
        if (loop == null) {
            return;
        }
        loop.stop();
        if (verification != null) {
            verification.stop();
        }
        try {
            coordinator.step();
        } catch (RuntimeException e) {
            LOG.warn("task={} coordinator's last step failed: {}", task, e.toString());
        }
        if (failedReporter != null) {
            // The capture may have stopped because it set the task FAILED: say so before the container ends.
            failedReporter.stop();
            failedReporter.reportOnce();
        }
    }

    Optional<TaskCoordinator> coordinator() {
        return Optional.ofNullable(coordinator);
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.stop();
        }
        if (failedReporter != null) {
            failedReporter.stop();
        }
        if (lambda != null) {
            lambda.close();
        }
    }
}
