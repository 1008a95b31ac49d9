package dev.duplex.infra;

import static dev.duplex.infra.LambdaItSupport.await;
import static dev.duplex.infra.LambdaItSupport.insert;
import static dev.duplex.infra.LambdaItSupport.name;
import static dev.duplex.infra.LambdaItSupport.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.lambda.EventSourceMappings;
import dev.duplex.sandbox.lambda.FunctionConfig;
import dev.duplex.sandbox.lambda.Invocation;
import dev.duplex.sandbox.lambda.JavaFunction;
import dev.duplex.sandbox.lambda.SqsEventSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed artifacts as AWS runs them: apply-function's and precheck-function's function.zip
 * started by the real java21 runtime interface client (JavaFunction), the apply function fed by
 * Lambda's SQS event source (SqsEventSource) from a FIFO queue on moto, with its task, status and
 * passwords in moto's DynamoDB and Secrets Manager and a real MariaDB as node b; the precheck
 * function invoked with the event infra's HTTP API route sends, for the task stored in moto's task
 * table. The functions get the environment infra/sam/template.yaml gives them, plus
 * AWS_ENDPOINT_URL (the SDK's own setting) aimed at moto.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FunctionZipsUnderLambdaRuntimeIT {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionZipsUnderLambdaRuntimeIT.class);
  private static final String TASK = "zips";
  private static final String ACCOUNT = "123456789012";
  private static final Region REGION = Region.US_EAST_1;
  /** Short, so a returned message comes back within the test; AWS asks 6 x the time-out in production. */
  private static final Duration VISIBILITY = Duration.ofSeconds(6);

  private static MotoServer moto;
  private static SqsClient sqs;
  private static DynamoDbClient dynamo;
  private static LambdaClient lambda;
  private static MySqlSandbox a;
  private static MySqlSandbox b;
  private static String taskYaml;
  private static String secretArnA;
  private static String secretArnB;
  private static DynamoTaskStore tasks;
  private static FifoQueues.FifoQueue queue;
  private static EventSourceMappings mappings;
  private static String mapping;
  private static JavaFunction apply;
  private static SqsEventSource source;
  private static final BatchCodec CODEC = new BatchCodec();

  @BeforeAll
  static void deploy() throws Exception {
    CompletableFuture<MySqlSandbox> nodeA = CompletableFuture.supplyAsync(() -> MySqlSandbox.start("a", 1));
    CompletableFuture<MySqlSandbox> nodeB = CompletableFuture.supplyAsync(() -> MySqlSandbox.start("b", 2));
    moto = MotoServer.start(workDir().resolve("moto.log"));
    sqs = configure(SqsClient.builder()).build();
    dynamo = configure(DynamoDbClient.builder()).build();
    a = nodeA.join();
    b = nodeB.join();
    for (MySqlServer node : List.of(a, b)) {
      sql(node, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(40))");
    }
    taskYaml = taskConfig();
    storeRunningTask();
    queue = FifoQueues.create(sqs, QueueNames.baseName(TASK, Direction.A2B), 100, VISIBILITY);
    String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    mappings = EventSourceMappings.start(REGION.id(), ACCOUNT);
    lambda = configure(LambdaClient.builder(), mappings.endpoint()).build();
    apply = JavaFunction.start(applyConfig(), Files.createDirectories(workDir().resolve("apply-a2b")));
    mapping = mappings.create(apply.name(), queueArn, 10, true).uuid();
    source = SqsEventSource.start(sqs, mappings, mapping, apply);
  }

  /** ApplyA2BFunction of infra/sam/template.yaml: handler, memory, time-out and environment. */
  private static FunctionConfig applyConfig() {
    return FunctionConfig.of("duplex-" + TASK + "-apply-a2b", zip("duplex.apply.zip"),
            "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest")
        .withMemory(1024).withTimeout(Duration.ofSeconds(60))
        .withEnvironment(Map.of("DUPLEX_TASK", TASK, "DUPLEX_DIRECTION", "a2b", "DUPLEX_TABLE_PREFIX", "duplex-",
            "DUPLEX_METRICS", "emf", "AWS_ENDPOINT_URL", moto.endpoint().toString()));
  }

  @AfterAll
  static void undeploy() {
    for (AutoCloseable c : new AutoCloseable[] {source, apply, mappings, lambda, sqs, dynamo, moto, b, a}) {
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
  @Order(1)
  void shouldApplyQueuedBatchesOnNodeBAndDeleteTheirMessages() throws Exception {
    send(insert(TASK, 100, 1, "one"));
    send(insert(TASK, 200, 2, "two"));
    send(insert(TASK, 300, 3, "three"));
    for (int id = 1; id <= 3; id++) {
      int row = id;
      await(() -> name(b, row).isPresent(), "row " + id + " on node b; function log: " + apply.log());
    }
    assertEquals(Optional.of("three"), name(b, 3));
    await(() -> queueDepth() == 0, "the applied messages deleted from " + queue.name());
    assertTrue(source.messages() >= 3 && source.deleteRequests() >= 1, "3 messages in, deleted in batches");
    assertTrue(source.gbSeconds() > 0, "billed: " + source.billedMillis() + " ms");
    LOG.info("apply: {} invokes, {} messages, {} ms billed = {} GB-s, {} receives, {} delete batches",
        source.invocations(), source.messages(), source.billedMillis(), source.gbSeconds(), source.receiveRequests(),
        source.deleteRequests());
  }

  @Test
  @Order(2)
  void shouldSpendNoReceiveWhileTheMappingIsDisabled() throws Exception {
    disableMapping();
    long receives = source.receiveRequests();
    send(insert(TASK, 400, 4, "four"));
    Thread.sleep(4_000);
    assertEquals(receives, source.receiveRequests(), "a disabled mapping receives nothing");
    assertEquals(Optional.empty(), name(b, 4), "nothing applied while disabled");
    Message looked = look();
    assertEquals("1", looked.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
        "this look is the message's first receive");

    assertEquals("Enabling", lambda.updateEventSourceMapping(r -> r.uuid(mapping).enabled(true)).state());
    await(() -> name(b, 4).isPresent(), "row 4 on node b once the mapping is enabled again");
  }

  @Test
  @Order(3)
  void shouldReportAMessageThatCannotBeAppliedAndLeaveItInTheQueue() throws Exception {
    // Row 1 exists on b with another value: a conflict, and the default policy fails the task.
    String id = send(insert(TASK, 500, 1, "clash"));
    await(() -> source.reportedFailures().stream().filter(id::equals).count() >= 2,
        "the message reported in batchItemFailures on its delivery and again on its redelivery");
    disableMapping();
    Message looked = look();
    assertEquals(id, looked.messageId(), "the failed message is still in the queue");
    int count = Integer.parseInt(looked.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    assertTrue(count >= 3, "two deliveries to the function and this look, got ApproximateReceiveCount " + count);
    assertEquals(Optional.of("one"), name(b, 1), "node b keeps its row");
    TaskRecord task = tasks.get(TASK).orElseThrow();
    assertEquals(TaskState.FAILED, task.state(), "the conflict failed the task: " + task.stateReason());
  }

  /**
   * PrecheckFunction of infra/sam/template.yaml: the stack's task, read from its task table, with
   * the deployment's two secrets as the only ones a dry run may name.
   */
  private static FunctionConfig precheckConfig() {
    return FunctionConfig.of("duplex-" + TASK + "-precheck", zip("duplex.precheck.zip"),
            "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest")
        .withMemory(1024).withTimeout(Duration.ofSeconds(30))
        .withEnvironment(Map.of("DUPLEX_TASK", TASK, "DUPLEX_TABLE_PREFIX", "duplex-",
            "DUPLEX_PRECHECK_SECRETS", secretArnA + "," + secretArnB, "AWS_ENDPOINT_URL", moto.endpoint().toString()));
  }

  @Test
  @Order(4)
  void shouldAnswerThePrecheckRouteWithTheStoredTasksReportAndRefuseOtherHostsAndTasks() throws Exception {
    try (JavaFunction precheck = JavaFunction.start(precheckConfig(),
        Files.createDirectories(workDir().resolve("precheck")))) {
      JsonNode report = precheckReport(precheck, HttpApiEvents.JSON.createObjectNode().put("task", TASK), 200);
      assertEquals(TASK, report.path("task").asText(), report.toString());
      assertTrue(report.path("passed").isBoolean(), report.toString());
      assertEquals("pass", item(report, "connectivity.a"), "node a reached with its password from Secrets Manager");
      assertEquals("pass", item(report, "connectivity.b"), report.toString());

      String dryRun = taskYaml.replace("- database: shop", "- database: shop\n  - database: billing");
      JsonNode checked = precheckReport(precheck,
          HttpApiEvents.JSON.createObjectNode().put("task", TASK).put("config", dryRun), 200);
      assertEquals("fail", item(checked, "object-exists.a.billing"), "the dry run's objects were checked");

      String elsewhere = taskYaml.replace("host: " + a.host() + ", port: " + a.port(), "host: 127.0.0.1, port: 9");
      JsonNode refused = precheckReport(precheck,
          HttpApiEvents.JSON.createObjectNode().put("task", TASK).put("config", elsewhere), 403);
      assertEquals("config.nodes.a.host", refused.path("problems").path(0).path("path").asText(), refused.toString());
      precheckReport(precheck, HttpApiEvents.JSON.createObjectNode().put("task", "other-task"), 403);
      Invocation plain = precheck.invoke(HttpApiEvents.post("/precheck", "{\"task\": \"" + TASK + "\"}", ACCOUNT,
          "text/plain"));
      assertEquals(415, HttpApiEvents.JSON.readTree(plain.body()).path("statusCode").asInt(), plain.body());
      LOG.info("precheck answered (init {}): passed={}, {} items",
          precheck.runtimeApi().initDuration().orElse(Duration.ZERO), report.path("passed"), report.path("items").size());
    }
  }

  /** Posts {@code body} through the HTTP API's event and returns the response body, after checking its status. */
  private static JsonNode precheckReport(JavaFunction precheck, JsonNode body, int status) throws Exception {
    Invocation result = precheck.invoke(HttpApiEvents.post("/precheck", body.toString(), ACCOUNT));
    assertTrue(result.succeeded(), result.body() + "; function log: " + precheck.log());
    JsonNode response = HttpApiEvents.JSON.readTree(result.body());
    assertEquals(status, response.path("statusCode").asInt(), result.body() + "; function log: " + precheck.log());
    return HttpApiEvents.JSON.readTree(HttpApiEvents.body(response));
  }

  private static String item(JsonNode report, String id) {
    for (JsonNode item : report.path("items")) {
      if (id.equals(item.path("id").asText())) {
        return item.path("status").asText();
      }
    }
    throw new AssertionError("no item " + id + " in " + report);
  }

  /** Disables the mapping through the SDK, as the product does, and waits until no receive is pending. */
  private static void disableMapping() throws InterruptedException {
    String state = lambda.updateEventSourceMapping(r -> r.uuid(mapping).enabled(false)).state();
    assertTrue(state.equals("Disabling") || state.equals("Disabled"), state);
    await(() -> lambda.getEventSourceMapping(r -> r.uuid(mapping)).state().equals("Disabled"),
        "the mapping Disabled (its poller took the change)");
  }

  /** Receives the queue's next message and makes it visible again at once (counts as a receive). */
  private static Message look() throws InterruptedException {
    Message[] got = new Message[1];
    await(() -> {
      List<Message> m = sqs.receiveMessage(r -> r.queueUrl(queue.url()).maxNumberOfMessages(1).visibilityTimeout(0)
          .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
      got[0] = m.isEmpty() ? null : m.get(0);
      return got[0] != null;
    }, "a message visible in " + queue.name());
    return got[0];
  }

  private static String send(Batch batch) {
    return sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody(CODEC.encodeToString(batch))
        .messageGroupId(batch.group()).messageDeduplicationId(batch.dedupId())).messageId();
  }

  private static int queueDepth() {
    Map<QueueAttributeName, String> q = sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(q.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(q.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  /** The passwords live in moto's Secrets Manager, as the template's NodeASecretArn/NodeBSecretArn. */
  private static String taskConfig() {
    try (SecretsManagerClient secrets = configure(SecretsManagerClient.builder()).build()) {
      secretArnA = secrets.createSecret(r -> r.name("duplex-" + TASK + "-a").secretString(a.password())).arn();
      secretArnB = secrets.createSecret(r -> r.name("duplex-" + TASK + "-b").secretString(b.password())).arn();
      return """
          task: %s
          nodes:
            a: {host: %s, port: %d, user: %s, password: "secretsmanager:%s", tls: disabled}
            b: {host: %s, port: %d, user: %s, password: "secretsmanager:%s", tls: disabled}
          sync:
            types: [incremental]
          objects:
            - database: shop
          """.formatted(TASK, a.host(), a.port(), a.user(), secretArnA, b.host(), b.port(), b.user(), secretArnB);
    }
  }

  /** What `duplex task put` and a passed `task start` leave in the tasks table. */
  private static void storeRunningTask() {
    StoreTables tables = StoreTables.withPrefix("duplex-");
    TableSetup.createIfMissing(dynamo, tables);
    tasks = new DynamoTaskStore(dynamo, tables, Clock.systemUTC());
    TaskRecord r = tasks.put(TASK, taskYaml);
    r = tasks.updateState(TASK, TaskState.PRECHECK, "", r.version());
    tasks.updateState(TASK, TaskState.RUNNING, "", r.version());
  }

  private static Path zip(String property) {
    return Path.of(System.getProperty(property, "missing: set -D" + property));
  }

  private static Path workDir() {
    return Path.of(System.getProperty("duplex.build.dir", "target")).resolve("function-zips-it");
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
    return configure(builder, moto.endpoint());
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(REGION).httpClientBuilder(UrlConnectionHttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
  }
}
