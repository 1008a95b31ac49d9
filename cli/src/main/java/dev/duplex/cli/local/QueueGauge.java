package dev.duplex.cli.local;

import dev.duplex.cli.local.QueueStats.OldestAge;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads both directions' queue figures: counts from SQS's queue attributes (ElasticMQ locally,
 * SQS on AWS), the oldest message age from wherever it is honestly known ({@link Ages}): the
 * local pollers ({@link #polled}) or, on AWS, CloudWatch ({@link OldestMessageMetric}).
 */
public final class QueueGauge {
    /** A direction's queue and its dead-letter queue. */
    public record Queue(String url, String dlqUrl) {}

    /** Age of a direction's oldest message, given its current depth. */
    @FunctionalInterface
    public interface Ages {
        OldestAge of(Direction d, long depth, Instant now);
    }

    private final SqsClient sqs;
    private final Map<Direction, Queue> queues;
    private final Ages ages;
    private final String unavailable;

    private QueueGauge(SqsClient sqs, Map<Direction, Queue> queues, Ages ages, String unavailable) {
        this.sqs = sqs;
        this.queues = queues;
        this.ages = ages;
        this.unavailable = unavailable;
    }

    public static QueueGauge of(SqsClient sqs, Map<Direction, Queue> queues, Ages ages) {
        return new QueueGauge(sqs, queues, ages, "");
    }

    /** No queue can be read; every figure says why. */
    public static QueueGauge none(String why) {
        return new QueueGauge(null, Map.of(), (d, depth, now) -> OldestAge.unknown("unavailable: " + why), why);
    }

    /** The running runtime's own queues and the pollers' heads (the dashboard, in the runtime's process). */
    public static QueueGauge of(LocalServices services) {
        Map<Direction, Queue> queues = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            queues.put(d, new Queue(services.queue(d).url(), services.queue(d).dlqUrl()));
        }
        QueueHeads heads = services.queueHeads();
        return of(services.sqsClient(), queues, polled(() -> Optional.of(Map.of(Direction.A2B,
                heads.head(Direction.A2B), Direction.B2A, heads.head(Direction.B2A)))));
    }

    /** The task's queues found by name, as infra/ and the local runtime name them. */
    public static Map<Direction, Queue> byName(SqsClient sqs, String task) {
        Map<Direction, Queue> queues = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            queues.put(d, new Queue(url(sqs, QueueNames.fifoName(task, d)), url(sqs, QueueNames.deadLetterName(task, d))));
        }
        return queues;
    }

    private static String url(SqsClient sqs, String name) {
        return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    /**
     * Ages from what the local pollers recorded: the batch in hand gives a lower bound; an empty
     * queue has none; messages waiting that no poller holds (a paused or held direction, or the
     * instant between two batches) have an unknown age.
     */
    public static Ages polled(Supplier<Optional<Map<Direction, QueueHeads.Head>>> heads) {
        return (d, depth, now) -> {
            Optional<QueueHeads.Head> head = heads.get().map(m -> m.get(d));
            if (head.isPresent() && head.get().inHandSentMillis() >= 0) {
                return new OldestAge(Math.max(0, now.toEpochMilli() - head.get().inHandSentMillis()), true,
                        "lower bound: the oldest message the apply is working on", OldestAge.LOCAL, Optional.of(now));
            }
            if (depth == 0) {
                return new OldestAge(0, false, "queue empty", OldestAge.LOCAL, Optional.of(now));
            }
            if (head.isEmpty()) {
                return OldestAge.unknown("unavailable: the runtime publishes no fresh queue-heads.json", OldestAge.LOCAL);
            }
            long waited = head.get().lastWaitMillis();
            return OldestAge.unknown("unknown: the apply holds none of the waiting messages now"
                    + (waited < 0 ? "" : "; the last it received had waited " + QueueStats.seconds(waited)),
                    OldestAge.LOCAL);
        };
    }

    public Map<Direction, QueueStats> read(Instant now) {
        Map<Direction, QueueStats> out = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            out.put(d, read(d, now));
        }
        return out;
    }

    private QueueStats read(Direction d, Instant now) {
        Queue q = queues.get(d);
        if (q == null) {
            return QueueStats.unavailable(unavailable.isEmpty() ? "no queue known for " + d.code() : unavailable);
        }
        try {
            Map<QueueAttributeName, String> main = counts(q.url());
            Map<QueueAttributeName, String> dlq = counts(q.dlqUrl());
            long visible = count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            long inFlight = count(main, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            long dead = count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                    + count(dlq, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
            return new QueueStats(visible, inFlight, dead, ages.of(d, visible + inFlight, now), "");
        } catch (SdkException | IllegalStateException | NumberFormatException e) {
            return QueueStats.unavailable("reading " + q.url() + " failed: " + e.getMessage());
        }
    }

    private Map<QueueAttributeName, String> counts(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }

    private static long count(Map<QueueAttributeName, String> attrs, QueueAttributeName name) {
        String v = attrs.get(name);
        if (v == null) {
            throw new IllegalStateException("the queue returned no " + name);
        }
        return Long.parseLong(v.trim());
    }
}
