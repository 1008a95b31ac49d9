package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.wire.BatchCodec;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.FifoQueues;
import dev.duplex.sandbox.MySqlSandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One real target server (MariaDB sandbox "b"), ElasticMQ and DynamoDB Local for an IT class,
 * plus the poller a Lambda event source mapping would be: receive from the FIFO queue, build a
 * real SQSEvent, hand it to the processor, delete what succeeded, make the failures visible again.
 */
final class ApplyFixture implements AutoCloseable {
    final MySqlSandbox target;
    final AwsEndpoints aws;
    final StoreTables tables = StoreTables.withPrefix("it-");
    final DynamoTaskStore tasks;
    final DynamoStatusStore status;
    final DynamoConflictLog conflicts;
    final BatchCodec codec = new BatchCodec();

    private ApplyFixture(MySqlSandbox target, AwsEndpoints aws) {
        this.target = target;
        this.aws = aws;
        TableSetup.createIfMissing(aws.dynamo(), tables);
        tasks = new DynamoTaskStore(aws.dynamo(), tables, Clock.systemUTC());
        status = new DynamoStatusStore(aws.dynamo(), tables);
        conflicts = new DynamoConflictLog(aws.dynamo(), tables);
    }

    static ApplyFixture start() {
        CompletableFuture<AwsEndpoints> aws = CompletableFuture.supplyAsync(AwsEndpoints::forTests);
        MySqlSandbox target = MySqlSandbox.start("b", 2);
        try {
            return new ApplyFixture(target, aws.join());
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** Stores a task whose node b is the sandbox; {@code syncExtra} is YAML under "sync:", {@code objects} under "objects:". */
    void putTask(String task, String syncExtra, String objects) {
        putTask(task, syncExtra, objects, "");
    }

    /** As {@link #putTask(String, String, String)}, with {@code topLevel} YAML at the task's top level. */
    void putTask(String task, String syncExtra, String objects, String topLevel) {
        String yaml = "task: " + task + "\n" + topLevel
                + "nodes:\n"
                + "  a: {host: 127.0.0.1, port: 1, user: duplex, password: env:DUPLEX_IT_A, tls: disabled}\n"
                + "  b: {host: " + target.host() + ", port: " + target.port() + ", user: " + target.user()
                + ", password: env:DUPLEX_IT_B, tls: disabled}\n"
                + "sync:\n  ddl: true\n" + indent(syncExtra)
                + "objects:\n" + indent(objects);
        tasks.put(task, yaml);
    }

    private static String indent(String block) {
        return block.isBlank() ? "" : block.lines().map(l -> "  " + l).collect(Collectors.joining("\n", "", "\n"));
    }

    ApplyContext context(String task) {
        return context(task, Clock.systemUTC(), Duration.ZERO);
    }

    ApplyContext context(String task, Clock clock, Duration taskMaxAge) {
        return new ApplyContext(task, Direction.A2B, new ApplyStores(tasks, status, conflicts),
                ref -> new SecretValue(target.password()), clock, taskMaxAge);
    }

    void setState(String task, TaskState state) {
        TaskRecord r = tasks.get(task).orElseThrow();
        tasks.updateState(task, state, "set by the test", r.version());
    }

    SqsBatchProcessor processor(ApplyContext context, RetryPolicy retry, StatementListener listener, Clock clock) {
        return processor(context, retry, listener, clock, 0);
    }

    SqsBatchProcessor processor(ApplyContext context, RetryPolicy retry, StatementListener listener, Clock clock,
                                int maxReceiveCount) {
        StatusRecorder recorder = new StatusRecorder(status, context.task(), context.direction(), clock, Duration.ofSeconds(1));
        return new SqsBatchProcessor(context, new MessageApplier(context, recorder, retry, listener), recorder, maxReceiveCount);
    }

    SqsBatchProcessor processor(ApplyContext context) {
        return processor(context, RetryPolicy.DEFAULT, StatementListener.NONE, Clock.systemUTC());
    }

    FifoQueues.FifoQueue queue(String task, int maxReceiveCount) {
        return FifoQueues.create(aws.sqs(), QueueNames.baseName(task, Direction.A2B), maxReceiveCount, Duration.ofSeconds(30));
    }

    void send(FifoQueues.FifoQueue queue, Batch batch) {
        send(queue, batch, batch.dedupId());
    }

    void send(FifoQueues.FifoQueue queue, Batch batch, String dedupId) {
        aws.sqs().sendMessage(b -> b.queueUrl(queue.url()).messageBody(codec.encodeToString(batch))
                .messageGroupId(batch.group()).messageDeduplicationId(dedupId));
    }

    void sendRaw(FifoQueues.FifoQueue queue, String body, String dedupId) {
        aws.sqs().sendMessage(b -> b.queueUrl(queue.url()).messageBody(body).messageGroupId("a2b")
                .messageDeduplicationId(dedupId));
    }

    /** Receives until {@code count} messages are in hand (bounded), in queue order. */
    List<Message> receive(FifoQueues.FifoQueue queue, int count) {
        List<Message> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            int want = Math.min(10, count - got.size());
            got.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(want)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).waitTimeSeconds(1)).messages());
        }
        assertTrue(got.size() == count, "expected " + count + " messages on " + queue.name() + ", got " + got.size());
        return got;
    }

    static SQSEvent event(FifoQueues.FifoQueue queue, List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
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
            r.setEventSourceArn("arn:aws:sqs:elasticmq:000000000000:" + queue.name());
            r.setAwsRegion("eu-west-1");
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** What the event source mapping does with a response: delete the successes, release the failures. */
    SQSBatchResponse deliver(FifoQueues.FifoQueue queue, List<Message> messages, SqsBatchProcessor processor) {
        SQSBatchResponse response = processor.process(event(queue, messages));
        Set<String> failed = failedIds(response);
        for (Message m : messages) {
            if (failed.contains(m.messageId())) {
                aws.sqs().changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0));
            } else {
                aws.sqs().deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
            }
        }
        return response;
    }

    /** Deletes a received message for good, as a purge or a mistaken consumer would. */
    void delete(FifoQueues.FifoQueue queue, Message m) {
        aws.sqs().deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle()));
    }

    /** One receive that does not wait: what the queue hands out now. */
    List<Message> receiveNow(FifoQueues.FifoQueue queue) {
        return aws.sqs().receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(0))
                .messages();
    }

    int dlqDepth(FifoQueues.FifoQueue queue) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(queue.dlqUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    String reason(String task) {
        return tasks.get(task).map(TaskRecord::stateReason).orElseThrow();
    }

    static Set<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .collect(Collectors.toSet());
    }

    static List<String> failedIdList(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    TaskState state(String task) {
        return tasks.get(task).map(TaskRecord::state).orElseThrow();
    }

    void resume(String task) {
        TaskRecord r = tasks.get(task).orElseThrow();
        r = tasks.updateState(task, TaskState.PRECHECK, "", r.version());
        tasks.updateState(task, TaskState.RUNNING, "", r.version());
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Rows of a query, each row's columns as strings (null for NULL). */
    List<List<String>> rows(String query) throws SQLException {
        try (Connection c = target.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    String scalar(String query) throws SQLException {
        List<List<String>> r = rows(query);
        return r.isEmpty() ? null : r.get(0).get(0);
    }

    @Override
    public void close() {
        try {
            aws.close();
        } finally {
            target.close();
        }
    }
}
