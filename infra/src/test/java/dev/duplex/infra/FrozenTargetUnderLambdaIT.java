package dev.duplex.infra;

import static dev.duplex.infra.LambdaItSupport.insert;
import static dev.duplex.infra.LambdaItSupport.name;
import static dev.duplex.infra.LambdaItSupport.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.wire.BatchCodec;
import dev.duplex.sandbox.FifoQueues;
import dev.duplex.sandbox.MotoServer;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.lambda.EventSourceMappings;
import dev.duplex.sandbox.lambda.FunctionConfig;
import dev.duplex.sandbox.lambda.JavaFunction;
import dev.duplex.sandbox.lambda.SqsEventSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Node b frozen (SIGSTOP: its connections stay open and nothing answers, as with a hung host or a
 * partition) for longer than the apply function's time-out while batches keep arriving: every
 * invocation still ends by itself, the stuck statement bounded by the invocation's time
 * (DUPLEX_INVOCATION_SECONDS) and returned as a retriable failure, none killed by Lambda's time-out;
 * the task never goes FAILED and every row arrives once node b answers again. The function is
 * function.zip under the Lambda runtime protocol, on moto's queue and tables.
 */
class FrozenTargetUnderLambdaIT {
    private static final Logger LOG = LoggerFactory.getLogger(FrozenTargetUnderLambdaIT.class);
    private static final String TASK = "frozen";
    private static final Region REGION = Region.US_EAST_1;
    /** The shortest time-out the template allows. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FROZEN = Duration.ofSeconds(40);
    private static final Duration VISIBILITY = Duration.ofSeconds(6);

    @Test
    void shouldEndEveryInvocationInTimeAndConvergeAfterTheTargetHungLongerThanTheFunctionTimeOut() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("duplex.build.dir", "target"), "frozen-it"));
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
             MySqlSandbox b = MySqlSandbox.start("b", 2);
             SqsClient sqs = configure(SqsClient.builder(), moto).build();
             DynamoDbClient dynamo = configure(DynamoDbClient.builder(), moto).build();
             EventSourceMappings mappings = EventSourceMappings.start()) {
            sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(40))");
            Path password = Files.writeString(dir.resolve("password-b"), b.password());
            var tasks = runningTask(dynamo, b, password);
            var queue = FifoQueues.create(sqs, QueueNames.baseName(TASK, Direction.A2B), 100, VISIBILITY);
            String arn = sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            try (JavaFunction apply = JavaFunction.start(function(moto), Files.createDirectories(dir.resolve("apply")));
                 SqsEventSource source = SqsEventSource.start(sqs, mappings,
                         mappings.create(apply.name(), arn, 10, true).uuid(), apply)) {
                send(sqs, queue.url(), insert(TASK, 100, 1, "before"));
                LambdaItSupport.await(() -> name(b, 1).isPresent(), "row 1 applied while node b answers");
                b.freeze();
                long frozenAt = System.nanoTime();
                try {
                    for (int k = 2; k <= 4; k++) {
                        send(sqs, queue.url(), insert(TASK, 100L * k, k, "while frozen"));
                        Thread.sleep(2_000);
                    }
                    Thread.sleep(Math.max(0, FROZEN.toMillis() - (System.nanoTime() - frozenAt) / 1_000_000));
                } finally {
                    b.thaw();
                }
                LOG.info("node b answered again after {} s; {} invocations so far, {} ended by an error or time-out",
                        (System.nanoTime() - frozenAt) / 1_000_000_000, source.invocations(), source.failedInvocations());
                Duration arrival = Duration.ofSeconds(90);
                long deadline = System.nanoTime() + arrival.toNanos();
                while (!(name(b, 2).isPresent() && name(b, 3).isPresent() && name(b, 4).isPresent())) {
                    assertTrue(System.nanoTime() < deadline, "rows 2-4 did not arrive within " + arrival
                            + "; function log: " + apply.log());
                    Thread.sleep(250);
                }
                assertEquals(0, source.failedInvocations(), "no invocation ended by a time-out or a function error; "
                        + "function log: " + apply.log());
                assertEquals(TaskState.RUNNING, tasks.get(TASK).map(TaskRecord::state).orElseThrow());
                assertEquals(Optional.of("while frozen"), name(b, 4));
            }
        }
    }

    /** ApplyA2BFunction as the template declares it, with the template's smallest time-out. */
    private static FunctionConfig function(MotoServer moto) {
        return FunctionConfig.of("duplex-" + TASK + "-apply-a2b", Path.of(System.getProperty("duplex.apply.zip")),
                        "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest")
                .withMemory(1024).withTimeout(FUNCTION_TIMEOUT)
                .withEnvironment(Map.of("DUPLEX_TASK", TASK, "DUPLEX_DIRECTION", "a2b", "DUPLEX_TABLE_PREFIX", "duplex-",
                        "DUPLEX_METRICS", "emf", "DUPLEX_INVOCATION_SECONDS", Long.toString(FUNCTION_TIMEOUT.toSeconds()),
                        "AWS_ENDPOINT_URL", moto.endpoint().toString()));
    }

    private static DynamoTaskStore runningTask(DynamoDbClient dynamo, MySqlSandbox b, Path password) {
        StoreTables tables = StoreTables.withPrefix("duplex-");
        TableSetup.createIfMissing(dynamo, tables);
        DynamoTaskStore tasks = new DynamoTaskStore(dynamo, tables, Clock.systemUTC());
        String yaml = """
                task: %s
                nodes:
                  a: {host: 127.0.0.1, port: 1, user: duplex, password: "file:%s", tls: disabled}
                  b: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                sync:
                  types: [incremental]
                objects:
                  - database: shop
                """.formatted(TASK, password, b.host(), b.port(), b.user(), password);
        TaskRecord r = tasks.put(TASK, yaml);
        r = tasks.updateState(TASK, TaskState.PRECHECK, "", r.version());
        tasks.updateState(TASK, TaskState.RUNNING, "", r.version());
        return tasks;
    }

    private static void send(SqsClient sqs, String url, Batch batch) {
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(new BatchCodec().encodeToString(batch))
                .messageGroupId(batch.group()).messageDeduplicationId(batch.dedupId()));
    }

    private static <B extends AwsClientBuilder<B, ?>
            & AwsSyncClientBuilder<B, ?>> B configure(B builder,
                                                                                              MotoServer moto) {
        return builder.endpointOverride(moto.endpoint()).region(REGION)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }
}
