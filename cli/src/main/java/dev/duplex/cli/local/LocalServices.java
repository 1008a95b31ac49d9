package dev.duplex.cli.local;

import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoLeaseStore;
import dev.duplex.aws.store.DynamoRemovedColumnStore;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.LeaseStore;
import dev.duplex.core.store.RemovedColumnStore;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.thread.StartedBoth;
import dev.duplex.sandbox.EmbeddedDynamo;
import dev.duplex.sandbox.EmbeddedSqs;
import dev.duplex.sandbox.FifoQueues;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of the embedded default: DynamoDB Local keeping its data in the state directory,
 * ElasticMQ in memory with one FIFO queue (and DLQ) per direction, and the stores on top.
 *
 * <p>ElasticMQ keeps no messages across a crash; the runtime makes up for it by resuming each
 * capture from the position its target last applied (see {@link AppliedPositions}).
 *
 * <p>{@link #attach} puts the same runtime on queues and tables that exist already (deployed by
 * infra/ onto an emulator or AWS), with clients the caller owns.
 */
public final class LocalServices implements AutoCloseable {
    /** Short, so a failed message is retried soon; Lambda's is longer, for its longer time-outs. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);
    private final EmbeddedDynamo dynamo;
    private final EmbeddedSqs sqs;
    private final SqsClient sqsClient;
    private final StoreTables tables;
    private final Map<Direction, FifoQueues.FifoQueue> queues = new EnumMap<>(Direction.class);
    private final Map<Direction, String> queueArns = new EnumMap<>(Direction.class);
    private final Stores stores;
    private final Redelivery redelivery;
    private final QueueHeads queueHeads;

    /** The stores every component shares. */
    public record Stores(TaskStore tasks, CheckpointStore checkpoints, LeaseStore leases, StatusStore status,
                         ConflictLog conflicts, SnapshotStore snapshots, RemovedColumnStore removedColumns) {}

    private LocalServices(EmbeddedDynamo dynamo, EmbeddedSqs sqs, StoreTables tables, String task,
                          Redelivery redelivery, Clock clock) {
        this(dynamo, sqs, sqs.client(), dynamo.client(), tables,
                createQueues(sqs.client(), task, redelivery.maxReceiveCount()), redelivery, clock);
        TableSetup.createIfMissing(dynamo.client(), tables);
    }

    private LocalServices(EmbeddedDynamo dynamo, EmbeddedSqs sqs, SqsClient sqsClient, DynamoDbClient db,
                          StoreTables tables, Map<Direction, FifoQueues.FifoQueue> queues, Redelivery redelivery,
                          Clock clock) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.sqsClient = sqsClient;
        this.tables = tables;
        this.queues.putAll(queues);
        this.redelivery = redelivery;
        this.queueHeads = new QueueHeads(clock);
        this.stores = new Stores(new DynamoTaskStore(db, tables, clock), new DynamoCheckpointStore(db, tables),
                new DynamoLeaseStore(db, tables, clock), new DynamoStatusStore(db, tables),
                new DynamoConflictLog(db, tables), new DynamoSnapshotStore(db, tables),
                new DynamoRemovedColumnStore(db, tables));
    }

    private static Map<Direction, FifoQueues.FifoQueue> createQueues(SqsClient sqs, String task, int maxReceiveCount) {
        Map<Direction, FifoQueues.FifoQueue> queues = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            queues.put(d, FifoQueues.create(sqs, QueueNames.baseName(task, d), maxReceiveCount, VISIBILITY_TIMEOUT));
        }
        return queues;
    }

    /**
     * The runtime's services on queues and tables that exist already, e.g. deployed from
     * infra/sam/template.yaml. Nothing is created; the caller owns (and closes) both clients.
     * A failed message comes back after the queue's own visibility time-out, as with Lambda.
     *
     * @param queues both directions' queues, as the deployment's outputs name them
     */
    public static LocalServices attach(SqsClient sqs, DynamoDbClient dynamo, StoreTables tables,
                                       Map<Direction, FifoQueues.FifoQueue> queues, Clock clock) {
        for (Direction d : Direction.values()) {
            if (!queues.containsKey(d)) {
                throw new IllegalArgumentException("no queue given for direction " + d.code()
                        + ": pass both the a2b and the b2a queue");
            }
        }
        Map<Direction, Map<QueueAttributeName, String>> attributes = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            attributes.put(d, sqs.getQueueAttributes(b -> b.queueUrl(queues.get(d).url()).attributeNames(
                    QueueAttributeName.QUEUE_ARN, QueueAttributeName.VISIBILITY_TIMEOUT,
                    QueueAttributeName.REDRIVE_POLICY)).attributes());
        }
        Map<QueueAttributeName, String> a2b = attributes.get(Direction.A2B);
        Duration visibility = Duration.ofSeconds(Long.parseLong(a2b.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT,
                Long.toString(VISIBILITY_TIMEOUT.toSeconds()))));
        var receives = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)")
                .matcher(a2b.getOrDefault(QueueAttributeName.REDRIVE_POLICY, ""));
        Redelivery redelivery = new Redelivery(visibility, visibility,
                receives.find() ? Integer.parseInt(receives.group(1)) : Redelivery.SQS_MAX_RECEIVES);
        LocalServices services = new LocalServices(null, null, sqs, dynamo, tables, queues, redelivery, clock);
        attributes.forEach((d, attrs) -> services.queueArns.put(d, attrs.get(QueueAttributeName.QUEUE_ARN)));
        return services;
    }

    public static LocalServices start(Path dynamoData, String tablePrefix, TaskConfig config, Clock clock) {
        // Side by side: both spend their start loading classes and binding a port.
        StartedBoth<EmbeddedDynamo, EmbeddedSqs> both = StartedBoth.start(() -> EmbeddedDynamo.start(dynamoData),
                EmbeddedSqs::startForRuntime, "elasticmq");
        try {
            LocalServices services = new LocalServices(both.first(), both.second(), StoreTables.withPrefix(tablePrefix),
                    config.task(), Redelivery.forRetryWindow(config.retryWindowMinutes(), VISIBILITY_TIMEOUT), clock);
            services.queueHeads.publishTo(queueHeadsFile(dynamoData.toAbsolutePath().getParent()));
            return services;
        } catch (RuntimeException e) {
            both.second().close();
            both.first().close();
            throw e;
        }
    }

    public Stores stores() {
        return stores;
    }

    /** When the pollers let a failed message come back, within the queues' receive limit. */
    public Redelivery redelivery() {
        return redelivery;
    }

    /** What the pollers know of their queues' heads: the oldest message age status shows. */
    public QueueHeads queueHeads() {
        return queueHeads;
    }

    /** Where a runtime started on {@code stateDir} publishes its {@link QueueHeads} for other processes. */
    public static Path queueHeadsFile(Path stateDir) {
        return stateDir.resolve("queue-heads.json");
    }

    public StoreTables tables() {
        return tables;
    }

    public FifoQueues.FifoQueue queue(Direction d) {
        return queues.get(d);
    }

    /** The embedded ElasticMQ; only when started by {@link #start}. */
    public EmbeddedSqs sqs() {
        if (sqs == null) {
            throw new IllegalStateException("these services are attached to given queues: there is no embedded SQS");
        }
        return sqs;
    }

    /** The embedded DynamoDB Local; only when started by {@link #start}. */
    public EmbeddedDynamo dynamo() {
        if (dynamo == null) {
            throw new IllegalStateException("these services are attached to given tables: there is no embedded DynamoDB");
        }
        return dynamo;
    }

    public SqsClient sqsClient() {
        return sqsClient;
    }

    /** The ARN Lambda would put in each record; ElasticMQ has no account, so a fixed one there. */
    String queueArn(Direction d) {
        return queueArns.getOrDefault(d, "arn:aws:sqs:us-east-1:000000000000:" + queues.get(d).name());
    }

    /** Stops the embedded servers, if any; attached clients stay open (their owner closes them). */
    @Override
    public void close() {
        queueHeads.close();
        if (sqs == null) {
            return;
        }
        try {
            sqs.close();
        } finally {
            dynamo.close();
        }
    }
}
