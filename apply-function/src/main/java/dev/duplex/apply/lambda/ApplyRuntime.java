package dev.duplex.apply.lambda;

import dev.duplex.apply.ApplyContext;
import dev.duplex.apply.ApplyStores;
import dev.duplex.apply.InvocationLimit;
import dev.duplex.apply.SqsBatchProcessor;
import dev.duplex.aws.AwsClients;
import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoRemovedColumnStore;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.core.model.Direction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the processor once per Lambda instance from its environment, so the DynamoDB client,
 * the task configuration and the target connection are reused across invocations.
 * Environment: DUPLEX_TASK, DUPLEX_DIRECTION (a2b|b2a), DUPLEX_TABLE_PREFIX (default "duplex-"),
 * DUPLEX_DYNAMODB_ENDPOINT (optional, for DynamoDB Local), AWS_REGION, DUPLEX_INVOCATION_SECONDS
 * (the function's Timeout, which infra/ must pass: Lambda tells a Funqy function neither its time-out
 * nor its remaining time; every target statement is then bounded by the invocation's time left,
 * see {@link InvocationLimit}; unset, statements are bounded by the server's settings only).
 */
@ApplicationScoped
public class ApplyRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyRuntime.class);

    @ConfigProperty(name = "duplex.task")
    String task;
    @ConfigProperty(name = "duplex.direction")
    String direction;
    @ConfigProperty(name = "duplex.table-prefix", defaultValue = StoreTables.DEFAULT_PREFIX)
    String tablePrefix;
    @ConfigProperty(name = "duplex.dynamodb-endpoint")
    Optional<URI> dynamoEndpoint;
    @ConfigProperty(name = "duplex.invocation-seconds")
    Optional<String> invocationSeconds;
    @ConfigProperty(name = "aws.region", defaultValue = "us-east-1")
    String region;

    private SqsBatchProcessor processor;
    private ApplyContext context;
    private DynamoDbClient dynamo;
    private SqsClient sqs;

    /** A runtime around a ready processor (tests, or an embedding that builds its own). */
    public static ApplyRuntime of(SqsBatchProcessor processor) {
        ApplyRuntime runtime = new ApplyRuntime();
        runtime.processor = processor;
        return runtime;
    }

    public synchronized SqsBatchProcessor processor() {
        if (processor == null) {
            StoreTables tables = StoreTables.withPrefix(tablePrefix);
            dynamo = AwsClients.dynamo(dynamoEndpoint, Region.of(region));
            ApplyStores stores = new ApplyStores(new DynamoTaskStore(dynamo, tables, Clock.systemUTC()),
                    new DynamoStatusStore(dynamo, tables), new DynamoConflictLog(dynamo, tables),
                    new DynamoRemovedColumnStore(dynamo, tables));
            context = new ApplyContext(task, Direction.ofCode(direction), stores, SecretResolvers.defaults(),
                    Clock.systemUTC(), ApplyContext.TASK_MAX_AGE);
            Optional<InvocationLimit> limit = InvocationLimit.fromSeconds(invocationSeconds.orElse(null));
            limit.ifPresentOrElse(context::limitInvocations, () -> LOG.warn("DUPLEX_INVOCATION_SECONDS is not set: "
                    + "target statements are not bounded by the function's time-out, and a locked or slow target "
                    + "times the whole invocation out instead of failing its message; set it to the function's Timeout"));
            sqs = AwsClients.configure(SqsClient.builder(), Optional.empty(), Region.of(region)).build();
            processor = SqsBatchProcessor.create(context).returning(new SqsReturnedMessages(sqs));
        }
        return processor;
    }

    @PreDestroy
    synchronized void close() {
        if (context != null) {
            context.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }
}
