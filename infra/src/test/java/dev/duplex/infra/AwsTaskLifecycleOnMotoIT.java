package dev.duplex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.cli.DuplexCommand;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.demo.DemoSchema;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MotoServer;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.lambda.EventSourceMapping;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A whole task on the serverless deployment, run as AWS runs it, without Docker: the SAM stack's
 * queues and tables on moto (DeployCompute=false), the capture jar started as its container image
 * with the task definition's environment, the apply function's function.zip under the Lambda
 * runtime protocol fed by an SQS event source that follows its (emulated) event source mapping,
 * the operator's CLI with --aws-region. Writes on both nodes start the moment `task start` returns,
 * before any capture is up; node a's container coordinates schema sync, full sync and RUNNING; a
 * pause spends no receive; a message removed from the queue stops the direction and `task recover`
 * brings both nodes to identical tables. Every AWS call goes through a counting proxy, from which
 * the run's bill per million row changes is computed (target/moto-it/lifecycle/cost.json). The same
 * again under {@code partitioning: table}: a message group per table, applied by the function a
 * group at a time, the status naming the group furthest behind, and the recovery of a hole in one
 * table's group.
 */
class AwsTaskLifecycleOnMotoIT {
    private static final Logger LOG = LoggerFactory.getLogger(AwsTaskLifecycleOnMotoIT.class);
    /** The task of the test running (each test has an instance of its own). */
    private String task;
    /** Where its cluster, containers and logs keep their files. */
    private Path runDir;
    private static final Region REGION = Region.US_EAST_1;

    // A moto of its own for each test: the stack's tables have fixed names (TablePrefix).
    private MotoServer moto;
    private CountingProxy aws;
    private SqsClient sqs;
    private DynamoDbClient dynamo;

    @BeforeEach
    void startMoto(TestInfo test) {
        moto = MotoServer.start(dir().resolve(test.getTestMethod().orElseThrow().getName() + "-moto.log"));
        aws = CountingProxy.start(moto.endpoint());
        sqs = configure(SqsClient.builder(), aws.endpoint()).build();
        dynamo = configure(DynamoDbClient.builder(), aws.endpoint()).build();
        // The operator's CLI (in process) reaches "AWS" as the SDK is told by its standard settings.
        System.setProperty("aws.endpointUrl", aws.endpoint().toString());
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @AfterEach
    void stopMoto() {
        for (String p : List.of("aws.endpointUrl", "aws.endpointUrlLambda", "aws.accessKeyId", "aws.secretAccessKey")) {
            System.clearProperty(p);
        }
        for (AutoCloseable c : new AutoCloseable[] {sqs, dynamo, aws, moto}) {
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
    void shouldRunAWholeTaskAsDeployedWithWritesFromTheStartAPauseAndARecovery() throws Exception {
        runWholeTask("moto-life", dir(), "", "", QueueNames.defaultGroup(Direction.A2B));
    }

    @Test
    void shouldRunAWholeTaskWithAMessageGroupPerTableAsDeployed() throws Exception {
        String status = runWholeTask("moto-parts", dir().resolve("partitioned"), "", "partitioning: table\n",
                QueueNames.tableGroup(Direction.A2B, "shop", "notes"));
        assertTrue(status.contains("message groups: "), "status names the group furthest behind: " + status);
    }

    /**
     * @param notesGroup the message group of shop.notes, where a message goes missing
     * @return what {@code duplex status} printed at the end
     */
    private String runWholeTask(String name, Path where, String moreSync, String moreYaml, String notesGroup)
            throws Exception {
        task = name;
        runDir = where;
        Files.createDirectories(runDir);
        SamStack stack;
        try (CloudFormationClient cf = configure(CloudFormationClient.builder(), moto.endpoint()).build()) {
            stack = SamStack.create(cf, "duplex-" + task, Files.readString(repo().resolve("infra/sam/template.yaml")),
                    parameters(), Duration.ofSeconds(60));
        }
        try (DemoCluster cluster = DemoCluster.start(runDir, task, "- database: shop", moreSync
                + "types: [schema, full, incremental]\nconflictingTables: ignore-and-proceed\nconflictPolicy: overwrite",
                moreYaml);
             LambdaService lambda = LambdaService.start(repo(), task, stack, sqs, aws.endpoint(), runDir)) {
            prepareNodes(cluster);
            System.setProperty("aws.endpointUrlLambda", lambda.endpoint().toString());
            assertEquals(0, cli("task", "put", "-c", cluster.configFile().toString()).exitCode());
            Cli start = cli("task", "start", task);
            assertEquals(0, start.exitCode(), start.out() + start.err());
            Workloads writes = Workloads.start(cluster); // from the moment task start returned
            Map<String, Long> before = aws.calls();
            Thread.sleep(5_000); // the nodes commit while no capture is up yet
            try (CaptureContainer a = container(stack, lambda, "a");
                 CaptureContainer b = container(stack, lambda, "b")) {
                awaitState(TaskState.RUNNING, Duration.ofMinutes(3), a, b);
                LOG.info("task RUNNING: schema and full sync done by node a's container");
                assertDdlBetweenRows(cluster, a, b);
                Thread.sleep(4_000);
                assertPauseSpendsNoReceive(lambda, a, b);
                writes.stop();
                awaitIdentical(cluster, Duration.ofMinutes(3), a, b);
                writes.assertEveryRowOnBothNodes(cluster);
                Cost.report(aws.calls(), before, lambda, writes.changes(), runDir.resolve("cost.json"));
                assertRecoverAfterALostMessage(cluster, lambda, a, b, notesGroup);
                assertDeadLetterQueuesEmpty(stack);
                Cli status = cli("status", task);
                LOG.info("duplex status: {}{}", status.out(), status.err());
                return status.out();
            }
        }
    }

    /** Node a: the demo shop with its seed rows; both: shop.notes, written from the start. */
    private static void prepareNodes(DemoCluster cluster) throws SQLException {
        try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
            DemoSchema.create(c);
            st.execute(NotesWriter.TABLE_DDL);
        }
        try (Connection c = cluster.b().connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE shop");
            st.execute(NotesWriter.TABLE_DDL);
        }
    }

    /**
     * A table created, written, altered and written again on node a while the writers go on: under
     * partitioning each statement is a barrier that node a's container holds until every group
     * applied what came before it (it reads node b's apply checkpoints), then the statement.
     */
    private static void assertDdlBetweenRows(DemoCluster cluster, CaptureContainer a, CaptureContainer b)
            throws SQLException {
        sql(cluster.a(), "CREATE TABLE shop.ddl_probe (id INT PRIMARY KEY, v INT NOT NULL)");
        sql(cluster.a(), "INSERT INTO shop.ddl_probe VALUES (1, 1)");
        sql(cluster.a(), "ALTER TABLE shop.ddl_probe ADD COLUMN w INT NOT NULL DEFAULT 5");
        sql(cluster.a(), "INSERT INTO shop.ddl_probe VALUES (2, 2, 6)");
        await("shop.ddl_probe's rows, created and altered, on node b", Duration.ofMinutes(2),
                () -> "1:5,2:6".equals(probeOnB(cluster)), a, b);
    }

    private static String probeOnB(DemoCluster cluster) {
        try (Connection c = cluster.b().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT GROUP_CONCAT(id, ':', w ORDER BY id) FROM shop.ddl_probe")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException notYet) {
            return null; // the table or its column is not there yet
        }
    }

    private void assertPauseSpendsNoReceive(LambdaService lambda, CaptureContainer a, CaptureContainer b)
            throws Exception {
        Cli pause = cli("pause", "-c", runDir.resolve("task.yaml").toString());
        assertEquals(0, pause.exitCode(), pause.out() + pause.err());
        for (Direction d : Direction.values()) {
            assertEquals(EventSourceMapping.DISABLED, lambda.mappingState(d), "mapping " + d.code() + " off");
        }
        Map<Direction, Long> receives = lambda.receiveRequests();
        long queuedBefore = queued(Direction.A2B);
        Thread.sleep(8_000); // the writers go on
        assertEquals(receives, lambda.receiveRequests(), "no receive while paused");
        assertTrue(queued(Direction.A2B) > queuedBefore, "changes wait in the queue: " + queued(Direction.A2B));
        assertEquals("0", attribute(Direction.A2B, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        Cli resume = cli("resume", "-c", runDir.resolve("task.yaml").toString());
        assertEquals(0, resume.exitCode(), resume.out() + resume.err());
        assertTrue(a.isAlive() && b.isAlive(), "both containers run");
    }

    /** Three rows on node a while paused, the message of the second deleted: FAILED, mappings off, recover. */
    private void assertRecoverAfterALostMessage(DemoCluster cluster, LambdaService lambda, CaptureContainer a,
                                                CaptureContainer b, String notesGroup) throws Exception {
        // One receive reaches at most ten of a group's head messages. Under partitioning each group
        // gets a heartbeat a second, and the emulator's one serial function can trail by many
        // seconds of them: so the backlog drains first, or the row's message sits out of reach.
        await("a2b's backlog to drain below ten messages", Duration.ofMinutes(2),
                () -> queued(Direction.A2B) < 10, a, b);
        assertEquals(0, cli("pause", "-c", runDir.resolve("task.yaml").toString()).exitCode());
        List<Long> ids = List.of(1_000_001L, 1_000_003L, 1_000_005L);
        for (long id : ids) {
            sql(cluster.a(), "INSERT INTO shop.notes VALUES (" + id + ", 'a', 0, UTC_TIMESTAMP(6))");
            Thread.sleep(500);
        }
        deleteMessageOf(ids.get(1), notesGroup);
        assertEquals(0, cli("resume", "-c", runDir.resolve("task.yaml").toString()).exitCode());
        awaitState(TaskState.FAILED, Duration.ofSeconds(90), a, b);
        await("the coordinator to switch both mappings off", Duration.ofSeconds(30),
                () -> lambda.mappingState(Direction.A2B).equals(EventSourceMapping.DISABLED)
                        && lambda.mappingState(Direction.B2A).equals(EventSourceMapping.DISABLED), a, b);
        assertEquals(List.of(ids.get(0)), notesOnB(cluster, ids), "nothing applied over the hole");
        Cli recover = cli("task", "recover", task);
        LOG.info("task recover: {}{}", recover.out(), recover.err());
        assertEquals(0, recover.exitCode(), recover.out() + recover.err());
        awaitState(TaskState.RUNNING, Duration.ofSeconds(30), a, b);
        await("the lost row to arrive", Duration.ofSeconds(90), () -> notesOnB(cluster, ids).equals(ids), a, b);
        awaitIdentical(cluster, Duration.ofMinutes(2), a, b);
    }

    /**
     * Receives until the message carrying row {@code id} of {@code group} is in hand, deletes it and
     * makes the others visible again. A FIFO group hands out nothing more while one of its messages
     * is in flight, and under partitioning every group's heartbeats wait in the queue too: so the
     * other groups' messages are held (their groups then take no more of a receive's ten places),
     * and the row's own group's are let go after each receive, which the next one returns again
     * from the group's head, with what follows.
     */
    private void deleteMessageOf(long id, String group) {
        String url = queueUrl(Direction.A2B);
        List<Message> held = new ArrayList<>();
        Message lost = null;
        int received = 0;
        int aheadInGroup = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lost == null && System.nanoTime() < deadline) {
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            received += got.size();
            aheadInGroup = 0;
            for (Message m : got) {
                if (lost == null && m.body().contains("[" + id + ",")) {
                    lost = m;
                } else if (group.equals(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))) {
                    release(url, m);
                    aheadInGroup++;
                } else {
                    held.add(m);
                }
            }
        }
        if (lost == null) {
            throw new AssertionError("no message with row " + id + " among " + received + " received; the last"
                    + " receive gave " + aheadInGroup + " of group " + group + " without it (ten hide what follows)");
        }
        Message deleted = lost;
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(deleted.receiptHandle()));
        held.forEach(m -> release(url, m));
        LOG.info("deleted the message of row {} of group {} ({} messages received)", id, group, received);
    }

    private void release(String url, Message m) {
        sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }

    private void assertDeadLetterQueuesEmpty(SamStack stack) {
        for (Direction d : Direction.values()) {
            String url = stack.output(d.code().toUpperCase() + "DeadLetterQueueUrl");
            String n = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            assertEquals("0", n, "dead-letter queue " + d.code());
        }
    }

    private CaptureContainer container(SamStack stack, LambdaService lambda, String node) {
        Map<String, String> refs = new LinkedHashMap<>();
        refs.put("TaskName", task);
        refs.put("TablePrefix", "duplex-");
        refs.put("AWS::Region", REGION.id());
        refs.put("A2BQueue", stack.output("A2BQueueUrl"));
        refs.put("B2AQueue", stack.output("B2AQueueUrl"));
        refs.put("ApplyA2BFunctionQueue", lambda.uuid(Direction.A2B));
        refs.put("ApplyB2AFunctionQueue", lambda.uuid(Direction.B2A));
        DeployedTemplate template = DeployedTemplate.read(repo().resolve("infra/sam/template.yaml"), refs);
        Map<String, String> env = new LinkedHashMap<>(template.containerEnvironment(
                "Capture" + node.toUpperCase() + "TaskDefinition"));
        env.put("DUPLEX_HEALTH_PORT", "0");
        env.putAll(LambdaService.awsEnvironment(aws.endpoint()));
        env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        return CaptureContainer.start(repo(), env, 1024, runDir.resolve("capture-" + node + ".log"));
    }

    private void awaitState(TaskState state, Duration timeout, CaptureContainer... containers) {
        var tasks = new DynamoTaskStore(dynamo, StoreTables.withPrefix("duplex-"), Clock.systemUTC());
        await("task " + task + " to be " + state, timeout,
                () -> tasks.get(task).map(t -> t.state() == state).orElse(false), containers);
    }

    private static void awaitIdentical(DemoCluster cluster, Duration timeout, CaptureContainer... containers) {
        try {
            await("identical tables on both nodes", timeout,
                    () -> ShopTables.checksums(cluster.a()).equals(ShopTables.checksums(cluster.b())), containers);
        } catch (AssertionError e) {
            throw new AssertionError("a " + ShopTables.checksums(cluster.a()) + "\nb " + ShopTables.checksums(cluster.b()) + "\n"
                    + ShopTables.differences(cluster.a(), cluster.b()) + "\n" + e.getMessage(), e);
        }
        LOG.info("identical: {}", ShopTables.checksums(cluster.a()));
    }

    private static void await(String what, Duration timeout, BooleanSupplier done, CaptureContainer... containers) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (CaptureContainer c : containers) {
                    logs.append("\n--- capture log ---\n").append(c.output());
                }
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + logs);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static List<Long> notesOnB(DemoCluster cluster, List<Long> ids) {
        List<Long> out = new ArrayList<>();
        try (Connection c = cluster.b().connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM shop.notes WHERE id IN (" + ids.get(0) + ", "
                     + ids.get(1) + ", " + ids.get(2) + ") ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private long queued(Direction d) {
        return Long.parseLong(attribute(d, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private String attribute(Direction d, QueueAttributeName name) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl(d)).attributeNames(name)).attributes().get(name);
    }

    private String queueUrl(Direction d) {
        return sqs.getQueueUrl(r -> r.queueName("duplex-" + task + "-" + d.code() + ".fifo")).queueUrl();
    }

    private static void sql(MySqlServer node, String statement) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("TaskName", task);
        p.put("DeployCompute", "false");
        p.put("SubnetIds", "subnet-00000000");
        p.put("SecurityGroupIds", "sg-00000000");
        p.put("NodeASecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-a-AbCdEf");
        p.put("NodeBSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-b-AbCdEf");
        return p;
    }

    /** The operator's CLI, in process, against "AWS" (the proxy in front of moto; Lambda's emulator). */
    private static Cli cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--aws-region", REGION.id()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = DuplexCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Cli(cmd.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private record Cli(int exitCode, String out, String err) {}

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(REGION).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    private static Path repo() {
        return Path.of(System.getProperty("duplex.infra.dir", ".")).toAbsolutePath().getParent();
    }

    private static Path dir() {
        return Path.of(System.getProperty("duplex.build.dir", "target")).resolve("moto-it/lifecycle");
    }
}
