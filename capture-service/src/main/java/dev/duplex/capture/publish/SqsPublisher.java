package dev.duplex.capture.publish;

import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.wire.BatchCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends batches to the FIFO queue in order, each SendMessageBatch call awaited before the next.
 * One call carries batches of different message groups only (up to ten, within one message's size
 * limit in all): a failed entry among two of one group could let the later one through first, and
 * nothing orders different groups. So under {@code partitioning: table} the messages of several
 * groups cost one request, and with one group per direction every call carries one batch.
 * Throttling and server errors are retried with backoff, a few times, for the entries not accepted
 * yet; after that the failure goes up as retriable, and capture resumes from its checkpoint.
 */
public final class SqsPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPublisher.class);
    private static final int ATTEMPTS = 6;
    /** SendMessageBatch's limit of entries per call. */
    static final int ENTRIES = 10;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3));

    private final SqsClient sqs;
    private final String queueUrl;
    private final BatchCodec codec;
    private final int maxBytes;

    public SqsPublisher(SqsClient sqs, String queueUrl, BatchCodec codec, int maxBytes) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.codec = codec;
        this.maxBytes = maxBytes;
    }

    /** Returns once SQS has accepted the batch. */
    public void send(Batch batch) {
        sendAll(List.of(batch), () -> { });
    }

    /**
     * Returns once SQS has accepted every batch, each group's in the order given.
     *
     * @param beforeCall runs before each call (the lease check: it throws when nothing more may be sent)
     */
    public void sendAll(List<Batch> batches, Runnable beforeCall) {
        List<SendMessageBatchRequestEntry> call = new ArrayList<>();
        List<Batch> inCall = new ArrayList<>();
        Set<String> groups = new HashSet<>();
        long bytes = 0;
        for (Batch batch : batches) {
            byte[] body = encode(batch);
            boolean fits = call.size() < ENTRIES && !groups.contains(batch.group())
                    && (call.isEmpty() || bytes + body.length <= maxBytes);
            if (!fits) {
                beforeCall.run();
                sendCall(call, inCall);
                call.clear();
                inCall.clear();
                groups.clear();
                bytes = 0;
            }
            call.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(call.size()))
                    .messageBody(new String(body, StandardCharsets.UTF_8))
                    .messageGroupId(batch.group()).messageDeduplicationId(batch.dedupId()).build());
            inCall.add(batch);
            groups.add(batch.group());
            bytes += body.length;
        }
        if (!call.isEmpty()) {
            beforeCall.run();
            sendCall(call, inCall);
        }
    }

    /** The body's UTF-8 bytes, checked against the limit. */
    private byte[] encode(Batch batch) {
        byte[] encoded = codec.encode(batch);
        if (encoded.length > maxBytes) {
            throw new FatalException("batch " + batch.seq() + " encodes to " + encoded.length + " bytes, over the "
                    + maxBytes + "-byte limit (a size estimate was wrong; please report it)",
                    batch.range().from().toString(), 0, null);
        }
        return encoded;
    }

    /** One call's entries (ids "0", "1", ... the index in {@code batches}), until SQS accepted them all. */
    private void sendCall(List<SendMessageBatchRequestEntry> entries, List<Batch> batches) {
        Map<String, SendMessageBatchRequestEntry> unsent = new LinkedHashMap<>();
        entries.forEach(e -> unsent.put(e.id(), e));
        for (int attempt = 0; ; attempt++) {
            RuntimeException failure;
            Batch failed = batches.get(Integer.parseInt(unsent.keySet().iterator().next()));
            try {
                List<SendMessageBatchRequestEntry> now = List.copyOf(unsent.values());
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(now));
                r.successful().forEach(ok -> unsent.remove(ok.id()));
                if (unsent.isEmpty()) {
                    return;
                }
                BatchResultErrorEntry worst = worst(r.failed());
                failed = batches.get(Integer.parseInt(worst.id()));
                failure = entryFailure(failed, worst);
            } catch (RuntimeException e) {
                failure = e;
            }
            retryOrThrow(failure, failed, attempt);
        }
    }

    /** Decides what a failed attempt leads to: an exception, or a pause before the next attempt. */
    private void retryOrThrow(RuntimeException failure, Batch batch, int attempt) {
        if (ErrorClassifier.isInterruption(failure)) {
            // A stop (or a lost lease) interrupted the send: nothing is checkpointed past this batch, so
            // the next run sends it again. Retrying here would hold the stop up against a queue going away.
            throw new RetriableException("sending batch " + batch.seq() + " was interrupted: the capture stops",
                    batch.range().from().toString(), 0, failure);
        }
        if (!ErrorClassifier.isRetriable(failure)) {
            throw new FatalException("SQS refused batch " + batch.seq() + " for " + queueUrl + ": "
                    + failure.getMessage() + " (fix: check that the FIFO queue exists and this process may send "
                    + "to it)", batch.range().from().toString(), 0, failure);
        }
        if (attempt + 1 >= ATTEMPTS) {
            throw new RetriableException("SQS did not accept batch " + batch.seq() + " after " + ATTEMPTS
                    + " attempts: " + failure.getMessage(), batch.range().from().toString(), 0, failure);
        }
        LOG.warn("task={} dir={} pos={} sending batch {} failed ({}); retrying", batch.task(),
                batch.direction().code(), batch.range().from(), batch.seq(), failure.toString());
        if (!BACKOFF.sleep(attempt)) {
            throw new RetriableException("interrupted while retrying batch " + batch.seq());
        }
    }

    /** A failed entry that may not pass if there is one (it decides), else the first. */
    private static BatchResultErrorEntry worst(List<BatchResultErrorEntry> failed) {
        return failed.stream().filter(e -> !transientError(e)).findFirst().orElse(failed.get(0));
    }

    private static RuntimeException entryFailure(Batch batch, BatchResultErrorEntry e) {
        String msg = "entry of batch " + batch.seq() + " failed: " + e.code() + " " + e.message();
        return transientError(e) ? new RetriableException(msg) : new FatalException(msg);
    }

    private static boolean transientError(BatchResultErrorEntry e) {
        return !Boolean.TRUE.equals(e.senderFault()) || e.code().contains("Throttl")
                || e.code().contains("RequestThrottled");
    }
}
