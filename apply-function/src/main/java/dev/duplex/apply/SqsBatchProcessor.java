package dev.duplex.apply;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
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

    private final ApplyContext context;
    private final MessageApplier messages;
    private final StatusRecorder status;

    public SqsBatchProcessor(ApplyContext context, MessageApplier messages, StatusRecorder status) {
        this.context = context;
        this.messages = messages;
        this.status = status;
    }

    /**
     * A processor with the default retry policy and a status write at most once per second, also
     * emitted as CloudWatch metrics when {@code DUPLEX_METRICS=emf} (set on Lambda by infra/).
     */
    public static SqsBatchProcessor create(ApplyContext context) {
        StatusRecorder status = new StatusRecorder(context.stores().status(), context.task(), context.direction(),
                context.clock(), java.time.Duration.ofSeconds(1),
                dev.duplex.core.metrics.EmfMetrics.fromEnvironment(System::getenv, context.clock()));
        return new SqsBatchProcessor(context, new MessageApplier(context, status, RetryPolicy.DEFAULT,
                dev.duplex.apply.dml.StatementListener.NONE), status);
    }

    public SQSBatchResponse process(SQSEvent event) {
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
            return failuresFrom(records, 0);
        }
        for (int i = 0; i < records.size(); ) {
            int together = messages.applyTogether(records.subList(i, records.size()));
            if (together > 0) {
                i += together;
            } else if (messages.apply(records.get(i))) {
                i++;
            } else {
                status.messageFailed();
                status.flushIfDue();
                return failuresFrom(records, i);
            }
        }
        status.flushIfDue();
        return new SQSBatchResponse(new ArrayList<>());
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
