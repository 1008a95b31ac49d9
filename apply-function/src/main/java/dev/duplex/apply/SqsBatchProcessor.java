package dev.duplex.apply;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one SQS event of a FIFO group strictly in order. At the first message that fails,
 * that message and every later one are returned as batch item failures, so SQS redelivers them
 * in the same order and nothing is applied out of order. While the task is FAILED or PAUSED every
 * message is returned: nothing is applied behind a stopped task. During the initial load
 * (SCHEMA_SYNC, FULL_SYNC) the reverse direction's messages are returned too, so that node b's
 * changes reach node a only once the copy has ended ({@link TaskState#holds}). Consecutive
 * messages that can share a target transaction are applied together first (one checkpoint, one
 * commit); whatever that cannot do goes message by message.
 *
 * <p>This is the whole handler logic: the Lambda function and the local runtime's poller both
 * call {@link #process(SQSEvent)}.
 */
public final class SqsBatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(SqsBatchProcessor.class);

    /** Receives left before the queue's redrive, at which a still failing message stops the task. */
    static final int RECEIVES_SPARED = 2;

    private final ApplyContext context;
    private final MessageApplier messages;
    private final StatusRecorder status;
    private final int maxReceiveCount;
    private volatile ReturnedMessages returned = ReturnedMessages.AS_QUEUED;
    private StatusWriter statusWriter;

    /**
     * @param maxReceiveCount the queue's redrive limit ({@code DUPLEX_MAX_RECEIVE_COUNT}, as infra/ sets
     *                        it); 0 when unknown: no message is stopped for its receive count
     */
    public SqsBatchProcessor(ApplyContext context, MessageApplier messages, StatusRecorder status, int maxReceiveCount) {
        this.context = context;
        this.messages = messages;
        this.status = status;
        this.maxReceiveCount = maxReceiveCount;
    }

    /**
     * A processor with the default retry policy and a status write at most once per second, also
     * emitted as CloudWatch metrics when {@code DUPLEX_METRICS=emf} (set on Lambda by infra/).
     */
    public static SqsBatchProcessor create(ApplyContext context) {
        StatusRecorder status = new StatusRecorder(context.stores().status(), context.task(), context.direction(),
                context.clock(), Duration.ofSeconds(1),
                EmfMetrics.fromEnvironment(System::getenv, context.clock()));
        return new SqsBatchProcessor(context, new MessageApplier(context, status, RetryPolicy.DEFAULT,
                StatementListener.NONE), status, maxReceiveCount(System.getenv("DUPLEX_MAX_RECEIVE_COUNT")));
    }

    /** How messages returned because the task stopped come back (on Lambda: soon, see {@link ReturnedMessages}). */
    public SqsBatchProcessor returning(ReturnedMessages how) {
        this.returned = how;
        return this;
    }

    /**
     * For a long-lived apply ({@code duplex local}): progress goes to the status store from a thread
     * of its own instead of between two events, so the group's next messages do not wait for the
     * write. {@link #close} writes what is left and stops that thread.
     */
    public synchronized SqsBatchProcessor writingStatusInBackground() {
        if (statusWriter == null) {
            statusWriter = new StatusWriter(status, context.task(), context.direction().code());
            statusWriter.start();
        }
        return this;
    }

    /** Stops the background status writer, if any, once it wrote the progress still pending. */
    public synchronized void close() throws InterruptedException {
        if (statusWriter != null) {
            statusWriter.stop();
            statusWriter.awaitStop(Duration.ofSeconds(10));
        }
    }

    static int maxReceiveCount(String text) {
        try {
            return text == null || text.isBlank() ? 0 : Math.max(0, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DUPLEX_MAX_RECEIVE_COUNT must be the queue's maxReceiveCount, a "
                    + "number; got '" + text + "'", e);
        }
    }

    public SQSBatchResponse process(SQSEvent event) {
        context.invocationStarted(); // under a Lambda time-out, statements are bounded from here
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            return new SQSBatchResponse(new ArrayList<>());
        }
        TaskRecord task;
        try {
            task = context.currentTask();
        } catch (RuntimeException e) {
            LOG.error("task {} direction {}: cannot read the task, returning all {} messages: {}", context.task(),
                    context.direction().code(), records.size(), e.toString());
            status.messageFailed();
            return failuresFrom(records, 0);
        }
        if (task.state().holds(context.direction())) {
            logHeld(task.state(), records.size());
            returned.comeBackSoon(records);
            return failuresFrom(records, 0);
        }
        List<MessageApplier.Decoded> decoded = messages.decode(records); // once, whatever goes together
        for (int i = 0; i < records.size(); ) {
            int together = messages.applyTogether(decoded.subList(i, decoded.size()));
            if (together > 0) {
                i += together;
            } else if (messages.apply(decoded.get(i))) {
                i++;
            } else {
                status.messageFailed();
                stopBeforeTheRedrive(records.get(i));
                status.flushIfDue();
                if (stoppedNow()) {
                    returned.comeBackSoon(records.subList(i, records.size()));
                }
                return failuresFrom(records, i);
            }
        }
        status.flushIfDue();
        return new SQSBatchResponse(new ArrayList<>());
    }

    /**
     * A message that keeps failing would move to the dead-letter queue at its receive limit, and the
     * later ones would then apply over the hole it leaves: it stops the task a few receives before
     * (the coordinator then switches the mappings off), with the recovery in the reason.
     */
    private void stopBeforeTheRedrive(SQSEvent.SQSMessage failed) {
        int received = ReceiveCount.of(failed).orElse(0);
        if (maxReceiveCount <= 0 || received < maxReceiveCount - RECEIVES_SPARED) {
            return;
        }
        messages.failTask("message " + failed.getMessageId() + " failed on each of its " + received + " receives; "
                + "its queue dead-letters it after " + maxReceiveCount + ", so the task stops now with the message "
                + "still queued. Fix the cause (the errors before this one name it), then `duplex task recover "
                + context.task() + "`", "", null);
    }

    /** Whether the failure stopped the task (this message failed it): not a failure to retry at the queue's pace. */
    private boolean stoppedNow() {
        try {
            return context.currentTask().state().holds(context.direction());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void logHeld(TaskState state, int messages) {
        if (state == TaskState.FAILED || state == TaskState.PAUSED) {
            LOG.warn("task {} direction {} is {}: returning all {} messages unapplied", context.task(),
                    context.direction().code(), state, messages);
        } else {
            LOG.info("task {} direction {}: held while the task is in {}, returning all {} messages unapplied; they "
                    + "apply once the full sync ended and the task is RUNNING", context.task(),
                    context.direction().code(), state, messages);
        }
    }

    private static SQSBatchResponse failuresFrom(List<SQSEvent.SQSMessage> records, int first) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = first; i < records.size(); i++) {
            failures.add(new SQSBatchResponse.BatchItemFailure(records.get(i).getMessageId()));
        }
        return new SQSBatchResponse(failures);
    }
}
