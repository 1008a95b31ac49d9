package dev.duplex.apply;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictException;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.wire.BatchCodec;
import dev.duplex.core.wire.ImageJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one queue message: decode, apply with in-invocation retries of passing failures, record
 * conflicts and progress. Answers whether the message is done; a false answer leaves it (and every
 * later one) to SQS redelivery. Failures no retry can fix (undecodable message, task-failed
 * conflict, an error the target will repeat) set the task FAILED with the reason.
 */
public final class MessageApplier {
    private static final Logger LOG = LoggerFactory.getLogger(MessageApplier.class);

    private final ApplyContext context;
    private final StatusRecorder status;
    private final RetryPolicy retry;
    private final BatchApplier applier;
    private final BatchCodec codec = new BatchCodec();

    public MessageApplier(ApplyContext context, StatusRecorder status, RetryPolicy retry, StatementListener listener) {
        this.context = context;
        this.status = status;
        this.retry = retry;
        this.applier = new BatchApplier(context.tables(), listener, context.forwardDdlColumns(), context::lanes);
    }

    /**
     * Applies as many of {@code records} (from the first) as can go together in one target
     * transaction, pipelined, and returns how many it applied: 0 when fewer than two can, or when
     * the joined attempt met anything (conflict, error, undecodable message). Of a failed attempt
     * only lane segments committed before the failure stay applied, recorded in duplex.apply_lane,
     * which every later attempt skips; the caller applies those messages one by one, where each
     * failure is retried, recorded or reported on its own message.
     */
    public int applyTogether(List<Decoded> records) {
        if (records.size() < 2) {
            return 0;
        }
        List<Batch> run = joinableRun(records);
        if (run.size() < 2) {
            return 0;
        }
        try {
            ApplyResult result = applier.applyTogether(context.connection(), run, context.rules());
            status.applied(run.get(run.size() - 1), run.size(), result);
            status.succeeded(run.get(0).group(), redelivered(records.get(0).message()));
            return run.size();
        } catch (Exception e) {
            if (ErrorClassifier.isRetriable(e)) {
                context.discardIfBroken();
            }
            LOG.debug("task {} direction {} at {}: {} messages not applied together, one by one instead: {}",
                    context.task(), context.direction().code(), position(run.get(0)), run.size(), e.toString());
            return 0;
        }
    }

    /** The longest run of decodable messages from the first that {@link JoinedBatches} lets go together. */
    private static List<Batch> joinableRun(List<Decoded> records) {
        List<Batch> run = new ArrayList<>();
        for (Decoded d : records) {
            Batch b = d.batch();
            if (b == null) {
                break; // reported when that message is applied on its own
            }
            if (run.isEmpty() ? !JoinedBatches.startsRun(b)
                    : !JoinedBatches.joinable(run.get(0), run.get(run.size() - 1), b)) {
                break;
            }
            run.add(b);
        }
        return run.size() >= 2 ? run : List.of();
    }

    /** A message with its batch, or why it cannot be decoded (then batch is null). */
    public record Decoded(SQSEvent.SQSMessage message, Batch batch, DecodeException error) {}

    /**
     * Every message of an invocation decoded once, in order, several at once: nothing of them is
     * applied before they are decoded (the lanes wait meanwhile), and ten messages of a backlog are
     * ten times ~1 MB of JSON. {@link #applyTogether} and {@link #apply} take the results.
     */
    public List<Decoded> decode(List<SQSEvent.SQSMessage> records) {
        return records.parallelStream().map(m -> {
            try {
                Batch b = codec.decode(m.getBody());
                requireOwnBatch(b);
                return new Decoded(m, b, null);
            } catch (DecodeException e) {
                return new Decoded(m, null, e);
            }
        }).toList();
    }

    public boolean apply(Decoded decoded) {
        SQSEvent.SQSMessage message = decoded.message();
        Batch batch = decoded.batch();
        if (batch == null) {
            failTask("message " + message.getMessageId() + " cannot be decoded (" + decoded.error().getMessage()
                    + "); it goes to the dead-letter queue after its receive limit: inspect it there, fix the"
                    + " producer, then re-sync", "", null);
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                ApplyResult result = applier.apply(context.connection(), batch, context.rules(),
                        conflicts -> record(batch, conflicts));
                status.applied(batch, result);
                status.succeeded(batch.group(), redelivered(message));
                LOG.debug("task {} direction {}: message {} seq {} {} ({} rows)", context.task(),
                        context.direction().code(), message.getMessageId(), batch.seq(),
                        result.skipped() ? "already applied" : "applied", result.rows());
                return true;
            } catch (ChainBroken e) {
                failTask(e.getMessage(), e.position(), null);
                return false;
            } catch (ConflictException e) {
                stopAt(batch, e);
                return false;
            } catch (Exception e) {
                if (!ErrorClassifier.isRetriable(e)) {
                    failTask("applying seq " + batch.seq() + " failed: " + ErrorText.of(e), position(batch), e);
                    return false;
                }
                context.discardIfBroken();
                if (attempt >= retry.maxAttempts() || !context.timeForAnAttempt(retry.backoffAfter(attempt))) {
                    return giveUpForNow(batch, e);
                }
                LOG.warn("task {} direction {} at {}: attempt {} of seq {} failed, retrying: {}", context.task(),
                        context.direction().code(), position(batch), attempt, batch.seq(), ErrorText.summary(e));
                sleep(retry.backoffAfter(attempt));
            }
        }
    }

    /** A conflict under the task-failed policy: recorded, then the task fails with it. */
    private void stopAt(Batch batch, ConflictException e) {
        try {
            record(batch, List.of(e.conflict()));
        } catch (RetriableException notRecorded) {
            // Without its record the conflict would stop the task unexplained: leave the
            // message to redelivery, which meets the same conflict again.
            LOG.error("task {} direction {} at {}: {}; not failing the task before it is recorded",
                    context.task(), context.direction().code(), e.position(), ErrorText.of(notRecorded));
            return;
        } catch (FatalException refused) {
            failTask(e.getMessage() + "; its conflict record was refused: " + refused.getMessage(), e.position(),
                    refused);
            return;
        }
        failTask(e.getMessage(), e.position(), null);
    }

    /**
     * Retries are used up (or the invocation's time is): leave the message to SQS, unless its
     * group has been failing for the whole retry window. The window starts at the group's first
     * failure since its last success on any apply instance, as stored in the direction's status
     * item, so a recycled instance or another one that takes the direction over neither restarts
     * nor cuts it, and another group's successes do not end it.
     */
    private boolean giveUpForNow(Batch batch, Exception e) {
        Duration window = Duration.ofMinutes(context.config().retryWindowMinutes());
        // A known condition (node read-only, full, interrupting statements) leads with what it is and its fix.
        String node = context.direction().targetNode();
        String reason = ErrorClassifier.explain(e, node)
                .map(known -> known + "; applying seq " + batch.seq() + " keeps failing")
                .orElse("applying seq " + batch.seq() + " keeps failing: " + ErrorText.of(e));
        Instant now = context.clock().instant();
        Instant since;
        try {
            since = status.retrying(batch.group(), reason);
        } catch (RuntimeException storeDown) {
            // Without the window's start no instance may give up: SQS brings the message back.
            LOG.error("task {} direction {} at {}: {}; cannot record it in the status store ({}); SQS will redeliver",
                    context.task(), context.direction().code(), position(batch), reason, storeDown.toString());
            return false;
        }
        Instant givesUpAt = since.plus(window);
        if (!now.isBefore(givesUpAt)) {
            failTask(reason + " (failing since " + since + ", for longer than the retry window of "
                    + window.toMinutes() + " minutes; fix node " + node + ", then `duplex task recover "
                    + context.task() + "`)", position(batch), e);
        } else {
            LOG.error("task {} direction {} at {}: {}; SQS will redeliver (retrying since {}, gives up at {})",
                    context.task(), context.direction().code(), position(batch), reason, since, givesUpAt);
        }
        return false;
    }

    /** The message came back after a failed receive (unknown: yes, ending a window that is not there costs a write). */
    private static boolean redelivered(SQSEvent.SQSMessage m) {
        return ReceiveCount.of(m).orElse(2) > 1;
    }

    private void requireOwnBatch(Batch batch) {
        if (!batch.task().equals(context.task()) || batch.direction() != context.direction()) {
            throw new DecodeException("message of task '" + batch.task() + "' direction " + batch.direction().code()
                    + " reached the apply function of task '" + context.task() + "' direction "
                    + context.direction().code() + ": check the queue's event source mapping");
        }
    }

    /**
     * Writes conflict records; a full sync's catch-up replays are not conflicts and stay out of the
     * log ({@link CatchUpReplays}, counted by the status). A store failure that passes (throttling, the store unreachable)
     * is retriable, so the message rolls back and is tried again; one the store will repeat (a
     * refused request) is fatal: retried, it would hold the direction until its window ends.
     */
    private void record(Batch batch, List<Conflict> conflicts) {
        Instant now = context.clock().instant();
        List<ConflictRecord> records = new ArrayList<>();
        for (Conflict c : CatchUpReplays.conflictsOnly(batch, conflicts)) {
            records.add(new ConflictRecord(context.task(), context.direction(), c.database(), c.table(),
                    c.kind().name(), c.resolution().policy(), c.resolution().decision().name(), c.key(),
                    ImageJson.encode(c.columns(), c.before()), ImageJson.encode(c.columns(), c.after()),
                    ImageJson.encode(c.columns(), c.targetRow()), c.seq(), position(batch), now));
        }
        if (records.isEmpty()) {
            return;
        }
        try {
            context.stores().conflicts().recordAll(records);
        } catch (RuntimeException e) {
            String why = "cannot write the conflict log: " + ErrorText.of(e);
            if (!ErrorClassifier.isRetriable(e)) {
                throw new FatalException(why + " (the conflict table refuses the record: check the table and the"
                        + " function's permissions on it)", position(batch), 0, e);
            }
            throw new RetriableException(why, position(batch), 0, e);
        }
    }

    /**
     * Marks the task FAILED with {@code reason} (logged, recorded in the direction's status). The
     * reason and the logged error go out without the row values a server message quotes
     * ({@link ErrorText}); the whole error is logged at DEBUG.
     */
    void failTask(String fullReason, String position, Exception cause) {
        String reason = ErrorText.redact(fullReason, cause);
        // Expected stops (conflict, bad message) carry their story in the reason; others get a stack trace.
        if (cause == null) {
            LOG.error("task {} direction {} at {}: setting the task FAILED: {}", context.task(),
                    context.direction().code(), position, reason);
        } else {
            LOG.error("task {} direction {} at {}: setting the task FAILED: {}", context.task(),
                    context.direction().code(), position, reason, ErrorText.redacted(cause));
        }
        if (cause != null || !reason.equals(fullReason)) {
            LOG.debug("task {} direction {} at {}: the whole error: {}", context.task(), context.direction().code(),
                    position, fullReason, cause);
        }
        try {
            status.error(reason);
            TaskFailer.fail(context.stores().tasks(), context.task(), reason);
            status.endRetrying(); // a resume begins a new retry window
        } catch (RuntimeException e) {
            // The message still fails and comes back; the error above keeps the reason meanwhile.
            LOG.error("task {} direction {} at {}: cannot mark the task FAILED in the task store: {}", context.task(),
                    context.direction().code(), position, ErrorText.summary(e));
        } finally {
            context.forgetTask(); // the next event must see FAILED, not the cached RUNNING
        }
    }

    private static String position(Batch batch) {
        return batch.range().to().toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
