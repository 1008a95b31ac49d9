package dev.duplex.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.wire.BatchCodec;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.FifoQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * What the publisher sends to a real FIFO queue (ElasticMQ, strict limits): different message
 * groups' batches in one SendMessageBatch call, never two of one group, within one message's size
 * in all, and every group's batches received in the order they were given.
 */
class SqsPublisherIT {
    private static final String FILE = "mysql-bin.000003";
    private static AwsEndpoints aws;
    private static SqsClient counted;
    private static final List<Integer> calls = new ArrayList<>();
    private static final AtomicInteger queues = new AtomicInteger();

    @BeforeAll
    static void start() {
        aws = AwsEndpoints.forTests();
        counted = SqsClient.builder().endpointOverride(aws.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof SendMessageBatchRequest r) {
                            calls.add(r.entries().size());
                        }
                    }
                })).build();
    }

    @AfterAll
    static void stop() {
        counted.close();
        aws.close();
    }

    private static Batch batch(String group, long pos, int noteChars) {
        Transaction t = new Transaction(Seq.ofTransaction(new BinlogPosition(FILE, pos), 0), "0-1-" + pos, pos,
                List.of(RowChange.insert("shop", "t", List.of("id", "note"), List.of("id"),
                        List.of(new Value.Int(pos), new Value.Text("x".repeat(noteChars))))));
        return new Batch(Batch.V1, "shop", Direction.A2B, "a", group, t.seq(),
                new BinlogRange(new BinlogPosition(FILE, pos), new BinlogPosition(FILE, pos + 50)), BatchKind.DML,
                false, Batch.Fragment.WHOLE, List.of(t));
    }

    private static String queue() {
        return FifoQueues.create(aws.sqs(), "publisher-it-" + queues.incrementAndGet(), 5, Duration.ofSeconds(30))
                .url();
    }

    @Test
    void shouldSendDifferentGroupsInOneCallAndEachGroupInOrder() {
        String url = queue();
        List<Batch> sent = List.of(batch("a2b.t1", 100, 10), batch("a2b.t2", 200, 10), batch("a2b.t1", 300, 10),
                batch("a2b.t3", 400, 10), batch("a2b.t2", 500, 10));
        calls.clear();
        new SqsPublisher(counted, url, new BatchCodec(), 100_000).sendAll(sent, () -> { });

        assertEquals(List.of(2, 3), calls, "t1's second batch begins the second call");
        assertEquals(Map.of("a2b.t1", List.of(100L, 300L), "a2b.t2", List.of(200L, 500L), "a2b.t3", List.of(400L)),
                receiveAll(url, sent.size()));
    }

    @Test
    void shouldSendOneGroupsBatchesOneCallEach() {
        String url = queue();
        calls.clear();
        new SqsPublisher(counted, url, new BatchCodec(), 100_000).sendAll(
                List.of(batch("a2b", 100, 10), batch("a2b", 200, 10), batch("a2b", 300, 10)), () -> { });

        assertEquals(List.of(1, 1, 1), calls);
        assertEquals(Map.of("a2b", List.of(100L, 200L, 300L)), receiveAll(url, 3));
    }

    @Test
    void shouldKeepACallWithinOneMessagesSize() {
        String url = queue();
        calls.clear();
        new SqsPublisher(counted, url, new BatchCodec(), 20_000).sendAll(List.of(batch("a2b.t1", 100, 8_000),
                batch("a2b.t2", 200, 8_000), batch("a2b.t3", 300, 8_000)), () -> { });

        assertEquals(List.of(2, 1), calls, "three bodies of 8 KB exceed 20 KB together");
        assertEquals(3, receiveAll(url, 3).values().stream().mapToInt(List::size).sum());
    }

    /** SQS takes 1 MiB in one call, the limit of one message; the publisher packs up to its own, 900 KiB. */
    @Test
    void shouldSendLargeMessagesOfTwoGroupsInOneCallUpToTheMessageLimit() {
        String url = queue();
        calls.clear();
        new SqsPublisher(counted, url, new BatchCodec(), BatchSettings.DEFAULT_MAX_BYTES).sendAll(List.of(
                batch("a2b.t1", 100, 400_000), batch("a2b.t2", 200, 400_000), batch("a2b.t3", 300, 400_000)),
                () -> { });

        assertEquals(List.of(2, 1), calls);
        assertEquals(3, receiveAll(url, 3).values().stream().mapToInt(List::size).sum());
    }

    /** Receives and deletes {@code count} messages; the source positions of each group's, in order. */
    private static Map<String, List<Long>> receiveAll(String url, int count) {
        Map<String, List<Long>> byGroup = new LinkedHashMap<>();
        BatchCodec codec = new BatchCodec();
        int got = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got < count && System.nanoTime() < deadline) {
            for (Message m : aws.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages()) {
                Batch b = codec.decode(m.body());
                byGroup.computeIfAbsent(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID),
                        g -> new ArrayList<>()).add(b.range().from().pos());
                aws.sqs().deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()));
                got++;
            }
        }
        return byGroup;
    }
}
