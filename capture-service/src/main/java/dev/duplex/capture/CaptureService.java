package dev.duplex.capture;

import dev.duplex.capture.publish.Backoff;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.thread.StoppableThread;
import dev.duplex.core.thread.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture of one node of a task: waits for the capture lease, then streams the node's binlog
 * to the direction's FIFO queue until stopped. Losing the lease sends it back to waiting; a
 * failure that retrying cannot fix (or that outlasts the retry window) marks the task FAILED with
 * the reason and stops it. Runs as the container's main ({@link CaptureMain}) or embedded.
 *
 * <pre>{@code
 * CaptureService capture = new CaptureService(settings, resources);
 * capture.start();
 * ...
 * capture.stop();
 * capture.awaitStop(Duration.ofSeconds(30));
 * }</pre>
 */
public final class CaptureService implements Worker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureService.class);
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    private final CaptureSettings settings;
    private final CaptureResources resources;
    private final CaptureMetrics metrics;
    private final StoppableThread thread;
    private volatile LeasePeriod active;
    private volatile DuplexException failure;
    private volatile StoredConfig followed;

    public CaptureService(CaptureSettings settings, CaptureResources resources) {
        this.settings = settings;
        this.resources = resources;
        this.metrics = new CaptureMetrics(resources.clock());
        this.thread = StoppableThread.named("capture-" + settings.task() + "-" + settings.node());
    }

    public CaptureSettings settings() {
        return settings;
    }

    /** Where the capture stands now. */
    public CaptureStatus status() {
        return metrics.snapshot(settings.task(), settings.direction().code());
    }

    /** The failure that stopped the capture for good, if any. */
    public Optional<DuplexException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void start() {
        thread.start(this::run);
    }

    private void run() {
        try {
            StoredConfig stored = retrying("read the task", this::readTask);
            if (stored == null) {
                metrics.state(CaptureStatus.State.STOPPED, "");
                return;
            }
            follow(stored);
            NodeConfig node = settings.config().node(settings.node());
            NodeConnections connections = new NodeConnections(node, resources.secrets());
            while (!thread.stopping()) {
                Lease lease = acquireLease();
                if (lease == null) {
                    break;
                }
                LOG.info("task={} dir={} holds the capture lease (token {}) as {}", settings.task(),
                        settings.direction().code(), lease.token(), settings.owner());
                active = new LeasePeriod(settings, resources, metrics, connections::open, lease, stored);
                try {
                    if (!thread.stopping()) {
                        active.run();
                    }
                } catch (LeaseLostException e) {
                    LOG.warn("task={} dir={} {}; waiting to take the lease again", settings.task(),
                            settings.direction().code(), e.getMessage());
                } finally {
                    active = null;
                }
            }
            metrics.state(CaptureStatus.State.STOPPED, "");
        } catch (RuntimeException e) {
            failTask(Failures.typed(e));
        } finally {
            StoredConfig s = followed;
            if (s != null) {
                s.stop();
            }
        }
    }

    /** Follows the stored configuration for as long as this capture runs, across lease periods. */
    private synchronized void follow(StoredConfig stored) {
        followed = stored;
        if (thread.stopping()) {
            return;
        }
        stored.start();
    }

    /** Polls the lease until it is free (its holder released it or let it expire) or capture stops. */
    private Lease acquireLease() {
        metrics.state(CaptureStatus.State.STANDBY, "");
        while (!thread.stopping()) {
            Optional<Lease> lease = retrying("take the capture lease", () -> resources.leases().tryAcquire(
                    settings.task(), settings.node(), settings.owner(), settings.leaseTtl()));
            if (lease == null || lease.isPresent()) {
                return lease == null ? null : lease.get();
            }
            if (!sleep(settings.leasePollEvery())) {
                return null;
            }
        }
        return null;
    }

    /**
     * Runs {@code action} until it succeeds, retrying what {@link ErrorClassifier} calls retriable
     * within the retry window; null if capture stops meanwhile.
     */
    private <T> T retrying(String what, Supplier<T> action) {
        Instant since = resources.clock().instant();
        for (int attempt = 0; !thread.stopping(); attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                Duration down = Duration.between(since, resources.clock().instant());
                if (!ErrorClassifier.isRetriable(e) || down.compareTo(settings.retryWindow()) > 0) {
                    throw e;
                }
                Duration delay = RETRY.delay(attempt);
                LOG.warn("task={} dir={} cannot {} ({}); retrying in {} ms", settings.task(), settings.direction().code(),
                        what, ErrorText.summary(e), delay.toMillis());
                if (!sleep(delay)) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The task as the task table holds it (whoever starts the capture stores it first: the local
     * runtime, {@link CaptureMain} or duplex task put); its configuration is what this capture follows.
     */
    private StoredConfig readTask() {
        StoredConfig stored = StoredConfig.read(settings.task(), settings.direction().code(), resources.tasks());
        resources.tasks().get(settings.task()).filter(t -> t.state() == TaskState.FAILED).ifPresent(t ->
                LOG.warn("task={} dir={} is FAILED ({}); capturing anyway because this capture was started",
                        settings.task(), settings.direction().code(), t.stateReason()));
        return stored;
    }

    /** Stores FAILED with the reason first, so whoever sees this capture FAILED finds the task FAILED too. */
    private void failTask(DuplexException e) {
        String reason = ErrorText.of(e); // no row values in the reason or the log; the whole error at DEBUG
        LOG.error("task={} dir={} pos={} capture failed: {}", settings.task(), settings.direction().code(),
                e.position().isEmpty() && metrics.position() != null ? metrics.position().toString() : e.position(),
                reason, ErrorText.redacted(e));
        LOG.debug("task={} dir={} the whole error", settings.task(), settings.direction().code(), e);
        storeFailed("capture " + settings.direction().code() + ": " + reason);
        failure = e;
        metrics.state(CaptureStatus.State.FAILED, reason);
    }

    private void storeFailed(String reason) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                TaskStore tasks = resources.tasks();
                // Only the state attributes are written (on AWS the role may not write the task item whole).
                Optional<TaskRecord> stored = tasks.get(settings.task());
                if (stored.isEmpty()) {
                    LOG.error("task={} dir={} cannot store the FAILED state: the task is no longer in the task table;"
                            + " the reason was: {}", settings.task(), settings.direction().code(), reason);
                    return;
                }
                TaskRecord rec = stored.get();
                tasks.updateState(settings.task(), TaskState.FAILED, reason, rec.version());
                return;
            } catch (TaskStore.StaleVersionException raced) {
                // Someone updated the task meanwhile: read it again and retry.
            } catch (RuntimeException storeDown) {
                LOG.error("task={} dir={} cannot store the FAILED state ({}); the reason was: {}", settings.task(),
                        settings.direction().code(), storeDown.toString(), reason);
                return;
            }
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !thread.stopping();
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        thread.stop();
        StoredConfig s = followed;
        if (s != null) {
            s.stop();
        }
        LeasePeriod a = active;
        if (a != null) {
            a.stop();
        }
        // The interrupt cuts short a reconnect pause or a lease poll; a running session stops on its own flag.
        thread.stopAndInterrupt();
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return thread.awaitStop(timeout);
    }

    /** Stops and waits up to 30 s. */
    @Override
    public void close() {
        stop();
        try {
            awaitStop(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
