package dev.duplex.apply;

import dev.duplex.core.error.ErrorText;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.metrics.MetricNames;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.StatusProgress;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskLogEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accumulates progress of one direction in memory and writes it at most once per interval, so a
 * busy group costs one status write per second, not one per message. Counters that could not be
 * written stay pending and go with the next write. Each write is also emitted as CloudWatch metrics
 * (EMF) when metrics are on, so the alarms and dashboard see the same figures as the status item.
 * It also opens and ends the retry windows of the direction's message groups in the status item,
 * which every apply instance shares. Each message group's position and latency are kept apart, so
 * that under {@code partitioning: table} the status can show the group furthest behind.
 *
 * <p>A progress write goes out without this object's lock, so applying never waits for it; writes
 * are serialized among themselves so that an older one cannot land after a newer one. A long-lived
 * apply ({@code duplex local}) writes in the background ({@link #writeInBackground}): there the
 * store is DynamoDB Local beside the servers, whose write took 25-70 ms on average (up to 240 ms)
 * in a bench run's live window, and the group's next messages would wait for it.
 */
public final class StatusRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(StatusRecorder.class);

    private final StatusStore store;
    private final String task;
    private final Direction direction;
    private final Clock clock;
    private final Duration interval;
    private final EmfMetrics metrics;
    private final ProgressMetrics progressMetrics;
    private Instant lastWrite = Instant.EPOCH;
    private long rows;
    private long batches;
    private long conflicts;
    private long catchUpReplays;
    /** Each group's last applied batch since the last write: none means nothing to write. */
    private final GroupMarks marks;
    /** The position of the last batch applied in any group, for log lines. */
    private String lastPosition;
    private final Set<String> retrying = new HashSet<>(); // groups this instance put in a retry window, not ended
    private final ReentrantLock writing = new ReentrantLock();
    private boolean background;

    public StatusRecorder(StatusStore store, String task, Direction direction, Clock clock, Duration interval) {
        this(store, task, direction, clock, interval, EmfMetrics.disabled());
    }

    public StatusRecorder(StatusStore store, String task, Direction direction, Clock clock, Duration interval,
                          EmfMetrics metrics) {
        this.store = store;
        this.task = task;
        this.direction = direction;
        this.clock = clock;
        this.interval = interval;
        this.metrics = metrics;
        this.progressMetrics = new ProgressMetrics(metrics, task, direction);
        this.marks = new GroupMarks(direction);
    }

    public synchronized void applied(Batch batch, ApplyResult result) {
        applied(batch, 1, result);
    }

    /** {@code messages} queue messages applied together as {@code batch}, in one target transaction. */
    public synchronized void applied(Batch batch, int messages, ApplyResult result) {
        if (result.skipped()) {
            // A redelivered old message must not move the reported position backwards.
            return;
        }
        batches += messages;
        rows += result.rows();
        long replays = CatchUpReplays.replays(batch, result.conflicts());
        conflicts += result.conflicts().size() - replays;
        catchUpReplays += replays;
        lastPosition = batch.range().to().file() + ":" + batch.range().to().pos();
        long latency = -1;
        if (result.heartbeatMicros() >= 0) {
            long now = HeartbeatTime.epochMicros(clock.instant());
            latency = Math.max(0, (now - result.heartbeatMicros()) / 1000);
        }
        marks.applied(batch.group(), result.checkpoint().text(), lastPosition, latency);
        if (!result.ddlFailures().isEmpty()) {
            ddlRefused(result.ddlFailures());
        }
    }

    /**
     * DDL the target refused: the task goes on without it (as the reference), so it must be seen
     * elsewhere: counted at once as a metric (the DDL-failure alarm), counted and kept as the
     * direction's last refused DDL in the status every instance shares ({@code duplex status}),
     * and a task-log line each. Not the direction's last error: that one says why it does not apply.
     */
    private void ddlRefused(List<DdlFailure> failures) {
        metrics.emit(task, direction, List.of(EmfMetrics.Metric.count(MetricNames.DDL_FAILURES, failures.size())));
        for (DdlFailure failure : failures) {
            String text = failure.describe();
            Instant at = clock.instant();
            LOG.error("task {} direction {} at {}: {}", task, direction.code(), lastPosition, text);
            try {
                store.recordRefusedDdl(task, direction, failure.at(at));
                store.appendLog(new TaskLogEntry(task, direction.code(), "ERROR", text, at));
            } catch (RuntimeException e) {
                // The DDL is committed as skipped; the error line above is then its only record.
                LOG.error("task {} direction {}: cannot record the refused DDL in the status store: {}", task,
                        direction.code(), ErrorText.summary(e));
            }
        }
    }

    /**
     * Writes the pending progress if the interval since the last write has passed; nothing when a
     * background writer does that ({@link #writeInBackground}).
     */
    public void flushIfDue() {
        synchronized (this) {
            if (background) {
                return;
            }
        }
        writeIfDue();
    }

    /**
     * From now on the emitted latency also counts a message group of the direction that stopped
     * applying while others apply ({@link OverdueGroups}); worth its status read only where the
     * metrics go to an alarm.
     */
    public StatusRecorder watchingOverdueGroups(IntSupplier heartbeatSeconds) {
        progressMetrics.watch(new OverdueGroups(store, task, direction, heartbeatSeconds));
        return this;
    }

    /** From now on progress is written only by {@link #writeIfDue} calls of a background thread. */
    public synchronized StatusRecorder writeInBackground() {
        background = true;
        return this;
    }

    /** Writes the pending progress if the interval since the last write has passed. */
    public void writeIfDue() {
        synchronized (this) {
            if (Duration.between(lastWrite, clock.instant()).compareTo(interval) < 0) {
                return;
            }
        }
        flush();
    }

    /** Writes the pending progress now, due or not (a background writer that stops). */
    public void writePending() {
        flush();
    }

    /** The progress counted since the last write, taken out of the counters for one write. */
    private record Pending(StatusProgress progress, Instant lastWrite) {}

    /** Writes the pending progress now; the caller must not hold this object's lock. */
    private void flush() {
        writing.lock();
        try {
            Pending pending = takePending();
            if (pending == null) {
                return;
            }
            try {
                store.addProgress(task, direction, pending.progress());
                progressMetrics.emit(pending.progress());
            } catch (RuntimeException e) {
                putBack(pending);
                LOG.warn("task {} direction {}: status write failed, keeping the counters for the next write at {}: {}",
                        task, direction.code(), pending.progress().lastSourcePosition(), e.toString());
            }
        } finally {
            writing.unlock();
        }
    }

    private synchronized Pending takePending() {
        if (marks.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        Pending pending = new Pending(marks.take(rows, batches, conflicts, catchUpReplays, now), lastWrite);
        lastWrite = now;
        rows = 0;
        batches = 0;
        conflicts = 0;
        catchUpReplays = 0;
        return pending;
    }

    /** A failed write's counters go with the next one; what was applied since stays the newest. */
    private synchronized void putBack(Pending failed) {
        StatusProgress p = failed.progress();
        rows += p.rowsDelta();
        batches += p.batchesDelta();
        conflicts += p.conflictsDelta();
        catchUpReplays += p.catchUpReplaysDelta();
        marks.putBack(p);
        lastWrite = failed.lastWrite();
    }

    /** A message failed and goes back to the queue: counted at once, for the apply-errors alarm. */
    public void messageFailed() {
        metrics.emit(task, direction, List.of(EmfMetrics.Metric.count(MetricNames.APPLY_ERRORS, 1)));
    }

    /**
     * Records a failure of message group {@code group} that may pass as the last error (without
     * row values, as {@link #error}), and the start of the group's retry window unless one is
     * stored already; returns the stored start, shared by every instance.
     */
    public Instant retrying(String group, String message) {
        flush();
        Instant since = store.recordRetrying(task, direction, group, ErrorText.redact(message), clock.instant());
        synchronized (this) {
            retrying.add(group);
        }
        return since;
    }

    /**
     * A message of {@code group} applied: the group's retry window, if any, ends now (not with the
     * next throttled progress write, which another instance's failure could precede). Only when one
     * may be open: this instance opened it, or the message came back after a failed receive,
     * wherever that failure was; otherwise a success costs no write. Another group's window stays:
     * its messages still fail.
     */
    public void succeeded(String group, boolean redelivered) {
        boolean mayBeOpen;
        synchronized (this) {
            mayBeOpen = retrying.contains(group) || redelivered;
        }
        if (mayBeOpen) {
            flush();
            try {
                store.endRetrying(task, direction, group);
                synchronized (this) {
                    retrying.remove(group);
                }
            } catch (RuntimeException e) {
                LOG.warn("task {} direction {} group {}: cannot end the retry window in the status store, the next "
                        + "success tries again: {}", task, direction.code(), group, e.toString());
            }
        }
    }

    /** Ends the retry windows of every group (the task stopped: a resume begins new ones); best effort. */
    public void endRetrying() {
        try {
            store.endAllRetrying(task, direction);
            synchronized (this) {
                retrying.clear();
            }
        } catch (RuntimeException e) {
            LOG.warn("task {} direction {}: cannot end the retry windows in the status store, the next success "
                    + "of each group tries again: {}", task, direction.code(), e.toString());
        }
    }

    /**
     * Records the direction's last error, without the row values a server message quotes
     * ({@link ErrorText}). Progress made before it is written first, so that a
     * progress time after the error's (shown by {@code duplex status}) means applying went on after it.
     */
    public void error(String message) {
        flush();
        store.recordError(task, direction, ErrorText.redact(message), clock.instant());
    }
}
