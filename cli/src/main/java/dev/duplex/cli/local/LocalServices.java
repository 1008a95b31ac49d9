package dev.duplex.cli.local;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.LeaseStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.store.dynamo.DynamoCheckpointStore;
import dev.duplex.core.store.dynamo.DynamoConflictLog;
import dev.duplex.core.store.dynamo.DynamoLeaseStore;
import dev.duplex.core.store.dynamo.DynamoStatusStore;
import dev.duplex.core.store.dynamo.DynamoTaskStore;
import dev.duplex.core.store.dynamo.StoreTables;
import dev.duplex.core.store.dynamo.TableSetup;
import dev.duplex.sandbox.EmbeddedDynamo;
import dev.duplex.sandbox.EmbeddedSqs;
import dev.duplex.sandbox.FifoQueues;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The AWS side of the embedded default: DynamoDB Local keeping its data in the state directory,
 * ElasticMQ in memory with one FIFO queue (and DLQ) per direction, and the stores on top.
 *
 * <p>ElasticMQ keeps no messages across a crash; the runtime makes up for it by resuming each
 * capture from the position its target last applied (see {@link AppliedPositions}).
 */
public final class LocalServices implements AutoCloseable {
    /** Short, so a failed message is retried soon; Lambda's is longer, for its longer time-outs. */
    static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedDynamo dynamo;
    private final EmbeddedSqs sqs;
    private final StoreTables tables;
    private final Map<Direction, FifoQueues.FifoQueue> queues = new EnumMap<>(Direction.class);
    private final Stores stores;
    private final Redelivery redelivery;

    /** The stores every component shares. */
    public record Stores(TaskStore tasks, CheckpointStore checkpoints, LeaseStore leases, StatusStore status,
                         ConflictLog conflicts) {}

    private LocalServices(EmbeddedDynamo dynamo, EmbeddedSqs sqs, StoreTables tables, String task,
                          Redelivery redelivery, Clock clock) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.tables = tables;
        this.redelivery = redelivery;
        TableSetup.createIfMissing(dynamo.client(), tables);
        for (Direction d : Direction.values()) {
            queues.put(d, FifoQueues.create(sqs.client(), QueueNames.baseName(task, d),
                    redelivery.maxReceiveCount(), VISIBILITY_TIMEOUT));
        }
        var db = dynamo.client();
        this.stores = new Stores(new DynamoTaskStore(db, tables, clock), new DynamoCheckpointStore(db, tables),
                new DynamoLeaseStore(db, tables, clock), new DynamoStatusStore(db, tables),
                new DynamoConflictLog(db, tables));
    }

    public static LocalServices start(Path dynamoData, String tablePrefix, TaskConfig config, Clock clock) {
        EmbeddedDynamo dynamo = EmbeddedDynamo.start(dynamoData);
        try {
            EmbeddedSqs sqs = EmbeddedSqs.start();
            try {
                return new LocalServices(dynamo, sqs, StoreTables.withPrefix(tablePrefix), config.task(),
                        Redelivery.forRetryWindow(config.retryWindowMinutes(), VISIBILITY_TIMEOUT), clock);
            } catch (RuntimeException e) {
                sqs.close();
                throw e;
            }
        } catch (RuntimeException e) {
            dynamo.close();
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

    public StoreTables tables() {
        return tables;
    }

    public FifoQueues.FifoQueue queue(Direction d) {
        return queues.get(d);
    }

    public EmbeddedSqs sqs() {
        return sqs;
    }

    public EmbeddedDynamo dynamo() {
        return dynamo;
    }

    /** The ARN Lambda would put in each record; ElasticMQ has no account, so a fixed one. */
    String queueArn(Direction d) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queues.get(d).name();
    }

    @Override
    public void close() {
        try {
            sqs.close();
        } finally {
            dynamo.close();
        }
    }
}
