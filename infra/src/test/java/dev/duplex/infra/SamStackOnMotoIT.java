package dev.duplex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.cli.DuplexCommand;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.model.Direction;
import dev.duplex.sandbox.FifoQueues;
import dev.duplex.sandbox.MotoServer;
import dev.duplex.sandbox.MySqlServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deploys infra/sam/template.yaml onto moto's CloudFormation (DeployCompute=false: moto runs
 * neither Lambda nor ECS) and runs a task's two captures and two apply handlers, through the
 * local event-source poller, on the queues and tables that stack created.
 */
class SamStackOnMotoIT {
    private static final Logger LOG = LoggerFactory.getLogger(SamStackOnMotoIT.class);
    private static final Region REGION = Region.US_EAST_1;
    private static final Duration STACK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);

    private static MotoServer moto;
    private static CloudFormationClient cloudFormation;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start(buildDir().resolve("moto-it/moto.log"));
        cloudFormation = configure(CloudFormationClient.builder(), moto.endpoint()).build();
        sqs = configure(SqsClient.builder(), moto.endpoint()).build();
        dynamo = configure(DynamoDbClient.builder(), moto.endpoint()).build();
    }

    @AfterAll
    static void stopMoto() {
        for (AutoCloseable c : new AutoCloseable[] {cloudFormation, sqs, dynamo, moto}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }

    @Test
    void shouldSyncBothWaysThroughTheQueuesAndTablesTheTemplateCreated() throws Exception {
        Path dir = Files.createDirectories(buildDir().resolve("moto-it/sync"));
        try (DemoCluster cluster = DemoCluster.start(dir, "moto-sync", "- database: shop", "conflictPolicy: overwrite")) {
            SamStack stack = SamStack.create(cloudFormation, "duplex-moto-sync", template(),
                    parameters("moto-sync", "duplex-"), STACK_TIMEOUT);
            StoreTables tables = new StoreTables(stack.output("TasksTableName"), stack.output("CheckpointsTableName"),
                    stack.output("StatusTableName"), stack.output("ConflictsTableName"));
            assertEquals(StoreTables.withPrefix("duplex-"), tables, "the stack names the tables as the code does");
            for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
                sql(node, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(40))");
            }
            assertTaskStartsThroughTheCli(cluster, moto.endpoint());
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.attach(sqs, dynamo, tables, queues(stack), clock);
                 LocalRuntime runtime = new LocalRuntime(cluster.config(), cluster.document(), services,
                         SecretResolvers.defaults(), clock, UnaryOperator.identity())) {
                runtime.start();

                sql(cluster.a(), "INSERT INTO shop.items VALUES (1, 'written on a')");
                assertEquals(Optional.of("written on a"), awaitRow(cluster.b(), 1), "a row written on A appears on B");
                sql(cluster.b(), "INSERT INTO shop.items VALUES (2, 'written on b')");
                assertEquals(Optional.of("written on b"), awaitRow(cluster.a(), 2), "a row written on B appears on A");

                for (Direction d : Direction.values()) {
                    assertTrue(services.stores().checkpoints().load("moto-sync", d).isPresent(),
                            "capture " + d.code() + " checkpointed in the stack's table");
                }
                awaitStatus(services, Direction.A2B);
                awaitStatus(services, Direction.B2A);
            }
        }
    }

    /** How an operator starts a task on AWS: duplex task put, then task start (precheck, then RUNNING). */
    private static void assertTaskStartsThroughTheCli(DemoCluster cluster, URI endpoint) {
        String[] store = {"--dynamodb-endpoint", endpoint.toString()};
        Cli put = Cli.run(concat(new String[] {"task", "put", "-c", cluster.configFile().toString()}, store));
        assertEquals(0, put.exitCode(), put.out() + put.err());
        Cli start = Cli.run(concat(new String[] {"task", "start", "moto-sync"}, store));
        assertEquals(0, start.exitCode(), start.out() + start.err());
        assertTrue(start.out().contains("task 'moto-sync' is RUNNING"), start.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cmd = DuplexCommand.commandLine();
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            return new Cli(cmd.execute(args), out.toString(), err.toString());
        }
    }

    /** What the runtime relies on from the queues: FIFO dedup by id, group order, and the redrive. */
    @Test
    void shouldDedupOrderAndRedriveOnTheTemplatesQueues() {
        Map<String, String> params = parameters("moto-probe", "probe-");
        params.put("MaxReceiveCount", "1");
        SamStack stack = SamStack.create(cloudFormation, "duplex-moto-probe", template(), params, STACK_TIMEOUT);
        String url = stack.output("A2BQueueUrl");
        String dlqUrl = stack.output("A2BDeadLetterQueueUrl");
        assertQueueAsDeclared(url);
        LOG.info("moto created {} resources (queues, tables, topic, dashboard) and listed {} others uncreated: the "
                + "compute part (DeployCompute=false) and the CloudWatch alarms, which its CloudFormation does not support",
                stack.resources().stream().filter(r -> !r.logicalResourceId().isEmpty()).count(),
                stack.resources().stream().filter(r -> r.logicalResourceId().isEmpty()).count());

        for (String body : List.of("one", "two", "one-again")) {
            String dedup = body.startsWith("one") ? "seq-1" : "seq-2";
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId("a2b").messageDeduplicationId(dedup));
        }
        var received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
        assertEquals(List.of("one", "two"), received.stream().map(m -> m.body()).toList(),
                "the duplicate dedup id is dropped and the group keeps its order");

        // A message received MaxReceiveCount times and returned goes to the dead-letter queue.
        for (var m : received) {
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().isEmpty(),
                "past the receive limit nothing is delivered from the source queue");
        var dead = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(10)).messages();
        assertEquals(List.of("one", "two"), dead.stream().map(m -> m.body()).toList(), "both were redriven, in order");
    }

    private void assertQueueAsDeclared(String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertEquals("true", a.get(QueueAttributeName.FIFO_QUEUE));
        assertEquals("false", a.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION));
        assertEquals("1048576", a.get(QueueAttributeName.MAXIMUM_MESSAGE_SIZE));
        assertEquals("360", a.get(QueueAttributeName.VISIBILITY_TIMEOUT), "6 x the 60 s apply time-out");
        assertEquals("true", a.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED));
        assertTrue(a.get(QueueAttributeName.REDRIVE_POLICY).contains("duplex-moto-probe-a2b-dlq.fifo"),
                a.get(QueueAttributeName.REDRIVE_POLICY));
        var keys = dynamo.describeTable(b -> b.tableName("probe-conflicts")).table().keySchema();
        assertEquals(List.of("task", "item"), keys.stream().map(k -> k.attributeName()).toList());
        assertEquals(KeyType.HASH, keys.get(0).keyType());
        // moto's CloudFormation ignores these declarations (see infra/README.md); recorded, not asserted.
        LOG.info("moto: conflicts TTL {}, PITR {}",
                dynamo.describeTimeToLive(b -> b.tableName("probe-conflicts")).timeToLiveDescription().timeToLiveStatusAsString(),
                dynamo.describeContinuousBackups(b -> b.tableName("probe-conflicts")).continuousBackupsDescription()
                        .pointInTimeRecoveryDescription().pointInTimeRecoveryStatusAsString());
    }

    private static Map<Direction, FifoQueues.FifoQueue> queues(SamStack stack) {
        Map<Direction, FifoQueues.FifoQueue> queues = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            String prefix = d.code().toUpperCase();
            String url = stack.output(prefix + "QueueUrl");
            String dlqUrl = stack.output(prefix + "DeadLetterQueueUrl");
            queues.put(d, new FifoQueues.FifoQueue(lastSegment(url), url, lastSegment(dlqUrl), dlqUrl));
        }
        return queues;
    }

    private static Map<String, String> parameters(String task, String tablePrefix) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TaskName", task);
        p.put("TablePrefix", tablePrefix);
        p.put("DeployCompute", "false");
        // Required by the compute part, which this deployment leaves out.
        p.put("SubnetIds", "subnet-00000000");
        p.put("SecurityGroupIds", "sg-00000000");
        p.put("NodeASecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-a-AbCdEf");
        p.put("NodeBSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-b-AbCdEf");
        return p;
    }

    private static void awaitStatus(LocalServices services, Direction d) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (!services.stores().status().get("moto-sync", d).map(s -> s.rowsApplied() > 0).orElse(false)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("apply " + d.code() + " wrote no status to the stack's status table");
            }
            Thread.sleep(200);
        }
    }

    private static Optional<String> awaitRow(MySqlServer node, int id) throws Exception {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT name FROM shop.items WHERE id = " + id)) {
                    if (rs.next()) {
                        return Optional.of(rs.getString(1));
                    }
                }
                if (System.nanoTime() > deadline) {
                    return Optional.empty();
                }
                Thread.sleep(100);
            }
        }
    }

    private static void sql(MySqlServer node, String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static String template() {
        try {
            return Files.readString(infraDir().resolve("sam/template.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(REGION).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    private static Path infraDir() {
        return Path.of(System.getProperty("duplex.infra.dir", "."));
    }

    private static Path buildDir() {
        return Path.of(System.getProperty("duplex.build.dir", "target"));
    }
}
