package dev.duplex.cli.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.apply.ReturnedMessages;
import dev.duplex.apply.SqsBatchProcessor;
import dev.duplex.core.model.Direction;
import dev.duplex.core.thread.StoppableThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Plays the Lambda event source mapping for one queue: receives up to 10 messages, hands them
 * to the apply handler as a real {@link SQSEvent}, deletes the ones that succeeded and leaves
 * the reported failures to the visibility time-out, exactly as Lambda does. The queue's redrive
 * policy moves a message to the DLQ after its receive limit.
 *
 * <p>A message the function returns because the task stopped (paused, failed, held) did not fail:
 * left to the visibility time-out it would hide its whole FIFO group for that long after a resume
 * or a recovery. It comes back {@link #RETURNED_SOON} instead (at most twice each, as on Lambda,
 * see {@link ReturnedMessages}), by when this poller has seen the stop and no longer receives.
 */
public final class EventSourcePoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSourcePoller.class);
    private static final int MAX_BATCH = 10;
    /**
     * How soon a message returned because the task stopped may come back: after the state this
     * poller reads (at most a second old) and a receive under way (at most a second) are past.
     */
    static final Duration RETURNED_SOON = Duration.ofSeconds(3);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final Direction direction;
    private final SqsBatchProcessor processor;
    private final BooleanSupplier active;
    private final Redelivery redelivery;
    private final Duration idlePause;
    private final QueueHeads heads;
    private final StoppableThread thread;
    /** Ids of the batch in hand that the function returned because the task stopped. */
    private final Set<String> returnedSoon = ConcurrentHashMap.newKeySet();

    /**
     * @param active polled before every receive: false while the task is paused or failed, so
     *               messages wait in the queue instead of burning their receive count
     * @param redelivery when a failed message comes back
     */
    public EventSourcePoller(SqsClient sqs, String queueUrl, String queueArn, Direction direction,
                             SqsBatchProcessor processor, BooleanSupplier active, Redelivery redelivery) {
        this(sqs, queueUrl, queueArn, direction, processor, active, redelivery, null);
    }

    /** @param heads where the SentTimestamp of the batch in hand is recorded (status shows its age); may be null */
    public EventSourcePoller(SqsClient sqs, String queueUrl, String queueArn, Direction direction,
                             SqsBatchProcessor processor, BooleanSupplier active, Redelivery redelivery,
                             QueueHeads heads) {
        this.heads = heads;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.direction = direction;
        this.processor = processor;
        this.active = active;
        this.redelivery = redelivery;
        this.idlePause = Duration.ofMillis(500);
        this.thread = StoppableThread.named("poller-" + direction.code());
        processor.returning(this::comeBackSoon);
    }

    public void start() {
        thread.start(this);
    }

    public void stop() {
        thread.stop();
    }

    public void awaitStop(Duration timeout) throws InterruptedException {
        thread.awaitStop(timeout);
        processor.close(); // the last messages' progress reaches the status store
    }

    @Override
    public void run() {
        while (!thread.stopping()) {
            try {
                if (!active.getAsBoolean()) {
                    Thread.sleep(idlePause);
                    continue;
                }
                pollOnce();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The queue endpoint itself failed (not a message): report and poll again later,
                // as the managed event source mapping keeps polling through SQS errors.
                LOG.warn("direction {}: polling {} failed: {}", direction.code(), queueUrl, e.toString());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    /** One receive-invoke-delete round; returns how many messages it handed to the function. */
    public int pollOnce() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(MAX_BATCH)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        oldestSent(messages).ifPresent(sent -> {
            if (heads != null) {
                heads.received(direction, sent);
            }
        });
        try {
            handle(messages);
        } finally {
            if (heads != null) {
                heads.finished(direction);
            }
        }
        return messages.size();
    }

    private void handle(List<Message> messages) {
        returnedSoon.clear();
        SQSBatchResponse response = processor.process(toEvent(messages));
        Set<String> failed = response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).collect(Collectors.toSet());
        deleteSucceeded(messages, failed);
        if (!failed.isEmpty()) {
            delayRedelivery(messages, failed);
            long soon = failed.stream().filter(returnedSoon::contains).count();
            if (soon < failed.size()) {
                LOG.warn("direction {}: {} of {} messages failed and return after the visibility time-out",
                        direction.code(), failed.size() - soon, messages.size());
            }
        }
    }

    /** Called by the function, on this thread, with messages it returns because the task stopped. */
    private void comeBackSoon(List<SQSEvent.SQSMessage> returned) {
        ReturnedMessages.soonOnes(returned).forEach(m -> returnedSoon.add(m.getMessageId()));
    }

    /** The SentTimestamp SQS gives every message: the batch's oldest is how long the queue's head waited. */
    private static Optional<Instant> oldestSent(List<Message> messages) {
        return messages.stream().map(m -> m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                .filter(Objects::nonNull).map(EventSourcePoller::millis).filter(m -> m > 0).min(Long::compare)
                .map(Instant::ofEpochMilli);
    }

    private static long millis(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void deleteSucceeded(List<Message> messages, Set<String> failed) {
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            var result = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
            if (!result.failed().isEmpty()) {
                // Not lost: an undeleted message is redelivered and skipped by its seq.
                LOG.warn("direction {}: {} applied messages could not be deleted; they will be redelivered and skipped",
                        direction.code(), result.failed().size());
            }
        }
    }

    /**
     * Stretches the visibility time-out of failed messages that were received several times, so
     * the queue's receive limit lasts for the task's retry window (see {@link Redelivery}), and
     * shortens it for messages returned because the task stopped.
     */
    private void delayRedelivery(List<Message> messages, Set<String> failed) {
        List<ChangeMessageVisibilityBatchRequestEntry> longer = new ArrayList<>();
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                Duration pause = pauseBeforeNextReceive(m);
                if (!pause.equals(redelivery.first())) {
                    longer.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(longer.size()))
                            .receiptHandle(m.receiptHandle()).visibilityTimeout((int) pause.toSeconds()).build());
                }
            }
        }
        if (!longer.isEmpty()) {
            var result = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(longer));
            if (!result.failed().isEmpty()) {
                // Harmless: those messages come back after the queue's own visibility time-out.
                LOG.warn("direction {}: could not delay the redelivery of {} failed messages", direction.code(),
                        result.failed().size());
            }
        }
    }

    /** Never longer than the queue's own time-out for a returned message; never below it for a failed one. */
    private Duration pauseBeforeNextReceive(Message m) {
        if (returnedSoon.contains(m.messageId())) {
            return RETURNED_SOON.compareTo(redelivery.first()) < 0 ? RETURNED_SOON : redelivery.first();
        }
        return redelivery.pauseAfter(receiveCount(m));
    }

    private static int receiveCount(Message m) {
        String n = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return n == null ? 1 : Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The event Lambda would build: same record fields, same attribute names. */
    SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
        for (Message m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            Map<String, String> attrs = new HashMap<>();
            m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
            r.setAttributes(attrs);
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion("us-east-1");
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
