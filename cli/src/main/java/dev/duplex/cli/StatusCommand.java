package dev.duplex.cli;

import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.capture.SqsClients;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.OldestMessageMetric;
import dev.duplex.cli.local.QueueGauge;
import dev.duplex.cli.local.QueueHeads;
import dev.duplex.cli.local.StatusDocument;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.TaskState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Prints a task's state, per-direction positions, latency (with its age), throughput, queue and
 * DLQ depth, conflicts, DDL the target refused and last error; as text or one JSON document.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a task's state, latency and its age, throughput, positions, queue and DLQ depth, oldest "
                + "message age, full sync progress and ETA, conflicts, DDL the target refused and last error.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TaskCommand.StoreOptions store;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TASK", description = "Task name (or --task, or -c FILE).")
    String taskArgument;

    @Option(names = "--task", description = "Task name.")
    String taskOption;

    @Option(names = {"-c", "--config"}, description = "Task configuration file; its task name is used.")
    Path config;

    @Option(names = "--json", description = "Print one JSON document (fields in docs/status.md).")
    boolean json;

    /**
     * For tests: a CloudWatch emulator, with dummy credentials as every explicit endpoint of the
     * CLI. A real custom endpoint takes the SDK's AWS_ENDPOINT_URL_CLOUDWATCH and real credentials.
     */
    @Option(names = "--cloudwatch-endpoint", hidden = true, description = "With --aws-region: a CloudWatch "
            + "emulator's endpoint to read the oldest message age from (dummy credentials).")
    URI cloudWatchEndpoint;

    @Option(names = "--sample-ms", defaultValue = "1000", description = "Interval of the two samples that give rows/s.")
    long sampleMillis;

    @Override
    public Integer call() throws InterruptedException {
        String task;
        try {
            task = taskName();
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage() + ": give one");
            return ExitCodes.USAGE;
        }
        if (task == null) {
            spec.commandLine().getErr().println("status needs the task: duplex status TASK (or --task TASK, or "
                    + "-c FILE), e.g. duplex status demo --state-dir .duplex/demo, or duplex status TASK --aws-region R");
            return ExitCodes.USAGE;
        }
        if (cloudWatchEndpoint != null && store.awsRegion == null) {
            spec.commandLine().getErr().println("--cloudwatch-endpoint is for a task on AWS: give --aws-region too "
                    + "(a local task's oldest message age comes from its runtime, not CloudWatch)");
            return ExitCodes.USAGE;
        }
        try (StateDir.Dynamo dynamo = store.open()) {
            StatusDocument doc = read(task, dynamo);
            if (json) {
                spec.commandLine().getOut().println(doc.toJson().toPrettyString());
            } else {
                doc.lines().forEach(spec.commandLine().getOut()::println);
            }
            return doc.now().task().state() == TaskState.FAILED ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** Two readings of the stores {@code --sample-ms} apart, and the queue figures after them. */
    private StatusDocument read(String task, StateDir.Dynamo dynamo) throws InterruptedException {
        var db = dynamo.client();
        var tables = dynamo.tables();
        var tasks = new DynamoTaskStore(db, tables, Clock.systemUTC());
        var status = new DynamoStatusStore(db, tables);
        var checkpoints = new DynamoCheckpointStore(db, tables);
        var conflicts = new DynamoConflictLog(db, tables);
        var snapshots = new DynamoSnapshotStore(db, tables);
        StatusView first = StatusView.read(task, tasks, status, checkpoints, conflicts, snapshots, 10, Instant.now());
        Thread.sleep(Math.max(0, sampleMillis));
        StatusView second = StatusView.read(task, tasks, status, checkpoints, conflicts, snapshots, 10, Instant.now());
        Optional<SqsClient> sqs = queueClient();
        Optional<OldestMessageMetric> cloudWatch = Optional.ofNullable(store.awsRegion).map(r ->
                OldestMessageMetric.create(Optional.ofNullable(cloudWatchEndpoint), Region.of(r), task));
        try {
            return new StatusDocument(first, second, gauge(task, sqs, cloudWatch).read(Instant.now()));
        } finally {
            sqs.ifPresent(SqsClient::close);
            cloudWatch.ifPresent(OldestMessageMetric::close);
        }
    }

    private String taskName() {
        if (taskArgument != null && taskOption != null && !taskArgument.equals(taskOption)) {
            throw new IllegalStateException("two task names given: " + taskArgument + " and --task " + taskOption);
        }
        String named = taskArgument != null ? taskArgument : taskOption;
        return named != null ? named : config == null ? null : TaskConfigLoader.load(config).task();
    }

    /** SQS on AWS, else the running local runtime's ElasticMQ (its queues live only while it runs). */
    private Optional<SqsClient> queueClient() {
        if (store.awsRegion != null) {
            return Optional.of(SqsClients.create(Optional.empty(), Region.of(store.awsRegion)));
        }
        return new StateDir(store.stateDir).runningRuntime()
                .map(r -> SqsClients.create(Optional.of(URI.create(r.sqsEndpoint())), Region.US_EAST_1));
    }

    /** @param cloudWatch the oldest message ages on AWS; empty for a local task */
    private QueueGauge gauge(String task, Optional<SqsClient> sqs, Optional<OldestMessageMetric> cloudWatch) {
        if (sqs.isEmpty()) {
            return QueueGauge.none("no duplex local runs on " + new StateDir(store.stateDir).root()
                    + " (its ElasticMQ queues live only while it runs)");
        }
        try {
            var queues = QueueGauge.byName(sqs.get(), task);
            if (cloudWatch.isPresent()) {
                return QueueGauge.of(sqs.get(), queues, cloudWatch.get());
            }
            Path heads = LocalServices.queueHeadsFile(new StateDir(store.stateDir).root());
            return QueueGauge.of(sqs.get(), queues, QueueGauge.polled(() -> QueueHeads.readPublished(heads,
                    Instant.now())));
        } catch (SdkException e) {
            return QueueGauge.none("cannot find the queues of task '" + task + "': " + e.getMessage());
        }
    }
}
