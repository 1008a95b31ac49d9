package dev.duplex.cli.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.cli.CliRun;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.sandbox.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code duplex status TASK --aws-region R} reads each direction's oldest message age from
 * CloudWatch, here moto's standalone server standing in for DynamoDB, SQS and CloudWatch (the
 * SDK's {@code aws.endpointUrl} points the command's default clients at it). moto computes no SQS
 * metrics itself, so the test puts the datapoints SQS would publish with PutMetricData.
 */
class StatusOldestMessageOnMotoIT {
    private static final String TASK = "cwtask";
    private static final Region REGION = Region.US_EAST_1;
    private static final List<String> PROPERTIES = List.of("aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoServer moto;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void startMotoWithTheTasksTablesAndQueues() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "status-cloudwatch-it"));
        moto = MotoServer.start(dir.resolve("moto.log"));
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        cloudWatch = configure(CloudWatchClient.builder()).build();
        try (DynamoDbClient dynamo = configure(DynamoDbClient.builder()).build();
             SqsClient sqs = configure(SqsClient.builder()).build()) {
            StoreTables tables = StoreTables.withPrefix("duplex-");
            TableSetup.createIfMissing(dynamo, tables);
            new DynamoTaskStore(dynamo, tables, Clock.systemUTC()).put(TASK, "task: " + TASK + "\n");
            for (Direction d : Direction.values()) {
                for (String name : List.of(QueueNames.fifoName(TASK, d), QueueNames.deadLetterName(TASK, d))) {
                    sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                            QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true")));
                }
            }
            String a2b = sqs.getQueueUrl(b -> b.queueName(QueueNames.fifoName(TASK, Direction.A2B))).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(a2b).messageBody("{}").messageGroupId("g"));
        }
    }

    @AfterAll
    static void stopMoto() {
        PROPERTIES.forEach(System::clearProperty);
        if (cloudWatch != null) {
            cloudWatch.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void shouldShowTheLatestCloudWatchDatapointWithItsTimeAndSayWhenAQueueHasNone() throws Exception {
        Instant now = Instant.now();
        Instant older = now.minus(Duration.ofMinutes(3));
        Instant latest = now.minus(Duration.ofMinutes(2));
        putAge(QueueNames.fifoName(TASK, Direction.A2B), older, 30);
        putAge(QueueNames.fifoName(TASK, Direction.A2B), latest, 42);
        putAge("another-queue.fifo", latest, 999); // another queue's figure must not leak into this task's

        CliRun json = CliRun.of("status", TASK, "--aws-region", REGION.id(), "--json", "--sample-ms", "0");
        CliRun text = CliRun.of("status", TASK, "--aws-region", REGION.id(), "--sample-ms", "0");

        assertEquals(0, json.exitCode(), json.err());
        JsonNode a2b = queue(json, "a2b");
        assertEquals(1, a2b.path("messages").asLong(), a2b.toString());
        assertEquals(42_000, a2b.path("oldestMessageAgeMs").asLong(), a2b.toString());
        assertFalse(a2b.path("oldestMessageAgeIsLowerBound").asBoolean());
        assertEquals("CloudWatch", a2b.path("oldestMessageAgeSource").asText());
        Instant minute = latest.truncatedTo(ChronoUnit.MINUTES);
        assertEquals(minute, Instant.parse(a2b.path("oldestMessageAgeMeasuredAt").asText()));
        JsonNode b2a = queue(json, "b2a");
        assertTrue(b2a.path("oldestMessageAgeMs").isNull(), b2a.toString());
        assertTrue(b2a.path("oldestMessageAgeMeasuredAt").isNull(), b2a.toString());
        assertTrue(b2a.path("oldestMessageAgeBasis").asText().contains("no CloudWatch datapoint in the last 10 min"),
                b2a.toString());
        assertTrue(text.out().contains("a2b  queue ~1 messages (0 in flight), oldest message 42.0 s old (CloudWatch, "
                + "as of " + MINUTE.format(minute) + " UTC)"), text.out());
        assertTrue(text.out().contains("b2a  queue ~0 messages (0 in flight), oldest message age unknown: no CloudWatch "
                + "datapoint in the last 10 min"), text.out());
    }

    @Test
    void shouldSayTheAgeIsUnavailableWithTheReasonWhenCloudWatchCannotBeReached() throws Exception {
        String nowhere = "http://127.0.0.1:" + MotoServer.freePort();

        CliRun run = CliRun.of("status", TASK, "--aws-region", REGION.id(), "--json", "--sample-ms", "0",
                "--cloudwatch-endpoint", nowhere);

        assertEquals(0, run.exitCode(), run.err());
        JsonNode a2b = queue(run, "a2b");
        assertTrue(a2b.path("available").asBoolean(), "the queue's depth is still read: " + a2b);
        assertTrue(a2b.path("oldestMessageAgeMs").isNull(), a2b.toString());
        String basis = a2b.path("oldestMessageAgeBasis").asText();
        assertTrue(basis.startsWith("unavailable: "), basis);
        assertTrue(basis.endsWith("; needs cloudwatch:GetMetricData"), basis);
        assertFalse(basis.contains("\n") || run.err().contains("\tat "), basis + run.err());
    }

    @Test
    void shouldRefuseACloudWatchEndpointForALocalTask() {
        CliRun run = CliRun.of("status", TASK, "--cloudwatch-endpoint", moto.endpoint().toString());

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("give --aws-region too"), run.err());
    }

    /** One datapoint as SQS publishes it: the queue's oldest message age in seconds, per queue name. */
    private static void putAge(String queue, Instant at, double seconds) {
        cloudWatch.putMetricData(b -> b.namespace("AWS/SQS").metricData(m -> m.metricName("ApproximateAgeOfOldestMessage")
                .dimensions(d -> d.name("QueueName").value(queue)).timestamp(at).value(seconds).unit(StandardUnit.SECONDS)));
    }

    private static JsonNode queue(CliRun run, String direction) throws Exception {
        return JSON.readTree(run.out()).path("directions").path(direction).path("queue");
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(moto.endpoint()).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
