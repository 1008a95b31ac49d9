package dev.duplex.apply;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one SQS event, each FIFO message group strictly in order. At the first message of a
 * group that fails, that message and every later one of its group are returned as batch item
 * failures, so SQS redelivers them in the same order and nothing is applied out of order; the
 * other groups go on ({@link MessageGroups}). When the failure stopped the task, or the
 * invocation's time is up, every message not applied yet is returned. While the task is FAILED or PAUSED every
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
        EmfMetrics metrics = EmfMetrics.fromEnvironment(System::getenv, context.clock());
        StatusRecorder status = new StatusRecorder(context.stores().status(), context.task(), context.direction(),
                context.clock(), Duration.ofSeconds(1), metrics);
        if (metrics.enabled()) {
            status.watchingOverdueGroups(() -> context.config().heartbeatSeconds());
        }
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
        Set<String> unapplied = new HashSet<>();
        List<List<MessageApplier.Decoded>> groups = MessageGroups.split(decoded);
        for (int g = 0; g < groups.size(); g++) {
            List<SQSEvent.SQSMessage> rest = restAfterFailure(groups.get(g));
            rest.forEach(m -> unapplied.add(m.getMessageId()));
            if (rest.isEmpty()) {
                continue;
            }
            if (stoppedNow()) { // nothing is applied behind a stopped task, in any group
                List<SQSEvent.SQSMessage> returnedNow = new ArrayList<>(rest);
                groups.subList(g + 1, groups.size()).forEach(later -> later.forEach(d -> returnedNow.add(d.message())));
                returnedNow.forEach(m -> unapplied.add(m.getMessageId()));
                returned.comeBackSoon(returnedNow);
                break;
            }
            if (!context.timeForAnAttempt(Duration.ZERO)) { // the invocation's time is up: the rest comes back
                groups.subList(g + 1, groups.size()).forEach(later -> later.forEach(
                        d -> unapplied.add(d.message().getMessageId())));
                break;
            }
        }
        status.flushIfDue();
        return failuresAmong(records, unapplied);
    }

    /**
     * Applies one group's messages in order, together where they may go together, and returns the
     * failed message and every later one of the group (empty when all applied).
     */
    private List<SQSEvent.SQSMessage> restAfterFailure(List<MessageApplier.Decoded> group) {
        for (int i = 0; i < group.size(); ) {
            int together = messages.applyTogether(group.subList(i, group.size()));
            if (together > 0) {
                i += together;
            } else if (messages.apply(group.get(i))) {
                i++;
            } else {
                status.messageFailed();
                stopBeforeTheRedrive(group.get(i).message());
                return group.subList(i, group.size()).stream().map(MessageApplier.Decoded::message)
                        .collect(Collectors.toCollection(ArrayList::new));
            }
        }
        return new ArrayList<>();
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

    /** The messages of {@code records} named in {@code failed}, in the event's order. */
    private static SQSBatchResponse failuresAmong(List<SQSEvent.SQSMessage> records, Set<String> failed) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : records) {
            if (failed.contains(m.getMessageId())) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static SQSBatchResponse failuresFrom(List<SQSEvent.SQSMessage> records, int first) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = first; i < records.size(); i++) {
            failures.add(new SQSBatchResponse.BatchItemFailure(records.get(i).getMessageId()));
        }
        return new SQSBatchResponse(failures);
    }
}
