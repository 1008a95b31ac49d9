package dev.duplex.cli.local;

import dev.duplex.apply.ApplyContext;
import dev.duplex.apply.ApplyStores;
import dev.duplex.apply.SqsBatchProcessor;
import dev.duplex.capture.CaptureResources;
import dev.duplex.capture.CaptureService;
import dev.duplex.capture.CaptureSettings;
import dev.duplex.capture.CaptureStatus;
import dev.duplex.capture.lifecycle.ApplyMappings;
import dev.duplex.capture.lifecycle.CoordinatorLoop;
import dev.duplex.capture.lifecycle.TaskCoordinator;
import dev.duplex.capture.verify.ScheduledVerification;
import dev.duplex.core.config.Partitioning;
import dev.duplex.core.config.PartitioningChange;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.thread.Wakeup;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.TaskStart;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task on the embedded default: both captures and both apply pollers, the same classes that
 * run in the capture container and in Lambda. Start, stop, await-stop like every worker.
 */
public final class LocalRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

    private final TaskConfig config;
    private final String document;
    private final LocalServices services;
    private final SecretResolver secrets;
    private final Clock clock;
    private final UnaryOperator<CaptureSettings.Builder> captureTuning;
    private final TaskStates states;
    private final Map<Direction, CaptureService> captures = new EnumMap<>(Direction.class);
    private final List<EventSourcePoller> pollers = new ArrayList<>();
    /** Pollers per direction under partitioning: table (each holds a target connection and its lanes). */
    static final int GROUP_POLLERS = 4;
    private final Set<Direction> held = ConcurrentHashMap.newKeySet();
    private final List<ApplyContext> contexts = new ArrayList<>();
    private final List<AppliedSnapshotOnB> probes = new ArrayList<>();
    private final TaskCoordinator coordinator;
    private final CoordinatorLoop lifecycle;
    /** The forward capture wakes the coordinator as its copy ends. */
    private final Wakeup wakeup = new Wakeup();
    /** verify.schedule's runs; null without a schedule. */
    private final ScheduledVerification verification;

    /**
     * @param captureTuning adjusts capture settings (tests shorten leases and retry windows)
     */
    public LocalRuntime(TaskConfig config, String document, LocalServices services, SecretResolver secrets,
                        Clock clock, UnaryOperator<CaptureSettings.Builder> captureTuning) {
        this.config = config;
        this.document = document;
        this.services = services;
        this.secrets = secrets;
        this.clock = clock;
        this.captureTuning = captureTuning;
        this.states = new TaskStates(services.stores().tasks(), config.task(), clock, Duration.ofSeconds(1));
        this.coordinator = new TaskCoordinator(config, services.stores().tasks(), services.stores().snapshots(), secrets,
                ApplyMappings.NONE, clock);
        this.lifecycle = new CoordinatorLoop(config.task(), coordinator, () -> true, Duration.ofMillis(500), wakeup);
        this.verification = config.verify().every().isEmpty() ? null : new ScheduledVerification(config, secrets,
                services.stores().status(), () -> states.current() == TaskState.RUNNING, EmfMetrics.disabled(), clock);
    }

    public TaskStates states() {
        return states;
    }

    /** Starts with only the warnings the config acknowledges. */
    public void start() {
        start(List.of());
    }

    /**
     * Stores the task, runs its precheck (a paused task stays paused and is not re-checked) and
     * starts both directions.
     *
     * @throws PrecheckFailedException when the precheck blocks the start (task PRECHECK_FAILED)
     */
    public synchronized void start(Collection<String> acknowledged) {
        services.stores().tasks().get(config.task())
                .flatMap(b -> PartitioningChange.refusal(b.config(), b.state().started(), config))
                .ifPresent(why -> {
                    throw new IllegalStateException(why);
                });
        services.stores().tasks().put(config.task(), document);
        TaskState stored = states.record().state();
        if (stored == TaskState.SCHEMA_SYNC || stored == TaskState.FULL_SYNC) {
            LOG.info("task {} resumes its initial load at {} (its precheck passed when the load began)", config.task(),
                    stored);
        } else if (stored != TaskState.PAUSED) {
            var outcome = new TaskStart(services.stores().tasks(), new Precheck(secrets)).start(config.task(),
                    acknowledged, coordinator.precheckView(), c -> coordinator.pinStart());
            if (!outcome.started()) {
                throw new PrecheckFailedException(outcome.report());
            }
        }
        try {
            coordinator.pinStart();
            coordinator.step(); // schema sync before the captures start
        } catch (RuntimeException e) {
            states.moveTo(TaskState.FAILED, "initial load: " + e.getMessage());
            throw e;
        }
        for (Direction d : Direction.values()) {
            startCapture(d);
            startPoller(d);
        }
        lifecycle.start();
        if (verification != null) {
            verification.start();
        }
        awaitStreaming(Duration.ofSeconds(60));
        LOG.info("task {} running on the embedded default (state {})", config.task(), states.current());
    }

    private void startCapture(Direction d) {
        Map<String, BinlogPosition> sentFrom = services.stores().checkpoints().load(config.task(), d)
                .map(CaptureCheckpoint::groupStarts).orElse(Map.of());
        Optional<ResumePoint> applied = AppliedPositions.lastApplied(config, d, secrets, sentFrom);
        applied.ifPresent(p -> LOG.info("direction {}: resuming capture from the last applied position {} (seq {})",
                d.code(), p.position(), p.lastSeq()));
        Optional<ResumePoint> start = applied.or(() -> startFor(d).map(ResumePoint::at))
                .or(() -> AppliedPositions.firstSent(sentFrom));
        CaptureSettings.Builder b = CaptureSettings.builder(config, d.sourceNode(),
                services.queue(d).url()).startOverride(start.orElse(null));
        var s = services.stores();
        AppliedSnapshotOnB applying = d.isForward() ? new AppliedSnapshotOnB(config, secrets) : null;
        if (applying != null) {
            probes.add(applying);
        }
        var resources = new CaptureResources(services.sqsClient(), s.tasks(), s.checkpoints(), s.leases(),
                secrets, clock, s.snapshots(), applying, wakeup::wake, s.status());
        CaptureService capture = new CaptureService(captureTuning.apply(b).build(), resources);
        captures.put(d, capture);
        capture.start();
    }

    /**
     * Where a capture restarts when its target applied nothing of it yet: the task's pinned start,
     * since the local queue lost whatever was sent before the crash. The reverse direction applies
     * nothing until the initial load ended (it is held), so it goes back to its pinned start after
     * the load too, until node a applied some of it; the forward one streams from its checkpoint once
     * the load is over (the copy's rows are on node b).
     */
    private Optional<BinlogPosition> startFor(Direction d) {
        if (d.isForward() && coordinator.initialLoadCompleted()) {
            return Optional.empty();
        }
        return coordinator.pinned(d);
    }

    /**
     * Starts d's pollers: one for one message group per direction; with {@code partitioning: table},
     * {@link #GROUP_POLLERS}, as Lambda would run an invocation per group at once (SQS hands a
     * group's messages to one receiver at a time, so each group stays in order).
     */
    private void startPoller(Direction d) {
        int count = config.partitioning() == Partitioning.TRANSACTION ? 1 : GROUP_POLLERS;
        for (int i = 0; i < count; i++) {
            var s = services.stores();
            ApplyStores stores = new ApplyStores(s.tasks(), s.status(), s.conflicts(), s.removedColumns());
            ApplyContext context = new ApplyContext(config.task(), d, stores, secrets, clock, ApplyContext.TASK_MAX_AGE);
            contexts.add(context);
            states.onMove(context::forgetTask);
            EventSourcePoller poller = new EventSourcePoller(services.sqsClient(), services.queue(d).url(),
                    services.queueArn(d), d, SqsBatchProcessor.create(context).writingStatusInBackground(),
                    () -> applies(d), services.redelivery(), services.queueHeads());
            pollers.add(poller);
            poller.start();
        }
    }

    /** Whether d's poller receives now: a held direction spends no receive, its messages wait in the queue. */
    private boolean applies(Direction d) {
        TaskState s = states.current();
        return s.applies(d) && !held.contains(d);
    }

    /**
     * Holds (or releases) the apply of one direction while the task runs on: its messages wait in
     * the queue, in order, as they would behind a slow or throttled apply function. For fault
     * drills and tests that widen the window between two nodes' writes.
     */
    public void holdApply(Direction d, boolean hold) {
        if (hold) {
            held.add(d);
        } else {
            held.remove(d);
        }
    }

    /**
     * Returns once both captures stream from a fixed position: a write made after that is sure
     * to be captured (for a new task the start is "the current position", which a write racing
     * the capture's connect could precede).
     */
    private void awaitStreaming(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var e : captures.entrySet()) {
            CaptureStatus s = e.getValue().status();
            // The forward capture of a full sync copies first; once copying, later writes are sure to be captured.
            while (s.state() != CaptureStatus.State.STREAMING && s.state() != CaptureStatus.State.SNAPSHOT) {
                if (s.state() == CaptureStatus.State.FAILED || System.nanoTime() > deadline) {
                    throw new IllegalStateException("capture " + e.getKey().code() + " did not start streaming ("
                            + s.state() + (s.reason().isEmpty() ? "" : ": " + s.reason()) + ")");
                }
                sleep(Duration.ofMillis(50));
                s = e.getValue().status();
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the captures to start", e);
        }
    }

    public Map<Direction, CaptureStatus> captureStatus() {
        Map<Direction, CaptureStatus> out = new EnumMap<>(Direction.class);
        captures.forEach((d, c) -> out.put(d, c.status()));
        return out;
    }

    public synchronized void stop() {
        lifecycle.stop();
        if (verification != null) {
            verification.stop();
        }
        pollers.forEach(EventSourcePoller::stop);
        captures.values().forEach(CaptureService::stop);
    }

    public boolean awaitStop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (EventSourcePoller p : pollers) {
            p.awaitStop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        boolean all = lifecycle.awaitStop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        for (CaptureService c : captures.values()) {
            all &= c.awaitStop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return all;
    }

    @Override
    public void close() {
        stop();
        try {
            awaitStop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        captures.values().forEach(CaptureService::close);
        contexts.forEach(ApplyContext::close);
        probes.forEach(AppliedSnapshotOnB::close);
    }
}
