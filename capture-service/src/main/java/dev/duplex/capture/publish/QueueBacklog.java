package dev.duplex.capture.publish;

import dev.duplex.core.model.Direction;
import dev.duplex.core.thread.ThreadWorker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Whether the apply side is behind, as the queue shows it: the direction's queue holds at least
 * {@link #BACKLOG_MESSAGES} messages nobody has received yet (ApproximateNumberOfMessages, read
 * every {@link #EVERY}). The batcher then lets a batch wait longer for more transactions: a message
 * sent now waits behind that backlog anyway, so a larger one costs no latency, and it cuts the
 * apply's fixed work per message (receive, delete, commit), which is what bounds a drain.
 *
 * <p>Only a hint for batching, never for what is sent: a failed look counts as no backlog (the
 * batches stay small, nothing else changes), logged once at WARN and then at DEBUG until a look
 * succeeds again.
 */
public final class QueueBacklog extends ThreadWorker {
    private static final Logger LOG = LoggerFactory.getLogger(QueueBacklog.class);
    /** Two units of the apply (ten messages each) waiting. */
    public static final int BACKLOG_MESSAGES = 20;
    static final Duration EVERY = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String where;
    private volatile boolean backlogged;
    private boolean lookFailed;

    public QueueBacklog(SqsClient sqs, String queueUrl, String task, Direction direction) {
        super("queue-backlog-" + task + "-" + direction.code());
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.where = "task=" + task + " dir=" + direction.code();
    }

    /** Whether the last look found a backlog. */
    public boolean backlogged() {
        return backlogged;
    }

    @Override
    protected void work() {
        while (!stopping()) {
            look();
            try {
                Thread.sleep(EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look at the queue; public for tests that do not wait for the thread. */
    public void look() {
        boolean now;
        try {
            now = waiting() >= BACKLOG_MESSAGES;
            lookFailed = false;
        } catch (SdkException | NumberFormatException e) {
            if (!lookFailed) {
                LOG.warn("{}: cannot read the queue's depth ({}); batches stay small until it can be read", where,
                        e.toString());
            } else {
                LOG.debug("{}: cannot read the queue's depth: {}", where, e.toString());
            }
            lookFailed = true;
            now = false;
        }
        if (now != backlogged) {
            LOG.info("{}: {}", where, now ? "the queue holds " + BACKLOG_MESSAGES + " or more messages the apply has"
                    + " not received: batches wait longer for more transactions until it catches up"
                    : "the apply caught up with the queue: batches are sent as soon as they form again");
        }
        backlogged = now;
    }

    private long waiting() {
        String n = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return n == null ? 0 : Long.parseLong(n);
    }
}
