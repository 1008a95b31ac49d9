package dev.duplex.capture.publish;

import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.wire.BatchCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends batches to the FIFO queue, one per SendMessageBatch call and each call awaited before
 * the next: that is what keeps a message group in order (a failed entry among several could let
 * a later one through first). Throttling and server errors are retried with backoff, a few times;
 * after that the failure goes up as retriable, and capture resumes from its checkpoint.
 */
public final class SqsPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPublisher.class);
    private static final int ATTEMPTS = 6;
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
        byte[] encoded = codec.encode(batch);
        if (encoded.length > maxBytes) {
            throw new FatalException("batch " + batch.seq() + " encodes to " + encoded.length + " bytes, over the "
                    + maxBytes + "-byte limit (a size estimate was wrong; please report it)",
                    batch.range().from().toString(), 0, null);
        }
        SendMessageBatchRequestEntry entry = SendMessageBatchRequestEntry.builder().id("0")
                .messageBody(new String(encoded, StandardCharsets.UTF_8))
                .messageGroupId(batch.group()).messageDeduplicationId(batch.dedupId()).build();
        for (int attempt = 0; ; attempt++) {
            RuntimeException failure;
            try {
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entry));
                if (r.failed().isEmpty()) {
                    return;
                }
                failure = entryFailure(batch, r.failed().get(0));
            } catch (RuntimeException e) {
                failure = e;
            }
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
    }

    private static RuntimeException entryFailure(Batch batch, BatchResultErrorEntry e) {
        String msg = "entry of batch " + batch.seq() + " failed: " + e.code() + " " + e.message();
        boolean transientError = !Boolean.TRUE.equals(e.senderFault())
                || e.code().contains("Throttl") || e.code().contains("RequestThrottled");
        return transientError ? new RetriableException(msg) : new FatalException(msg);
    }
}
