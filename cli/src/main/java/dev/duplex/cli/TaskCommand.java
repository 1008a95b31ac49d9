package dev.duplex.cli;

import dev.duplex.aws.AwsClients;
import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.capture.SqsClients;
import dev.duplex.capture.lifecycle.ApplyMappings;
import dev.duplex.capture.lifecycle.LambdaMappings;
import dev.duplex.capture.lifecycle.TaskCoordinator;
import dev.duplex.cli.local.TaskReset;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.NewlySelected;
import dev.duplex.core.config.PartitioningChange;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.TaskStart;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Stores, reads and starts tasks in the task table (local, or on AWS with --aws-region). */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Store, read, start or reset a task.",
        subcommands = {TaskCommand.Put.class, TaskCommand.Get.class, TaskCommand.Start.class, TaskCommand.Reset.class,
                TaskRecoverCommand.class})
final class TaskCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the task table lives; shared by every command that reads or writes stores. */
    static final class StoreOptions {
        @Option(names = "--state-dir", description = "Local runtime state directory (default: ${DEFAULT-VALUE}).",
                defaultValue = ".duplex")
        Path stateDir;

        @Option(names = "--dynamodb-endpoint", description = "DynamoDB endpoint; default: the running local "
                + "runtime's, else DynamoDB Local on the state directory.")
        URI dynamoEndpoint;

        @Option(names = "--table-prefix", defaultValue = "duplex-", description = "DynamoDB table name prefix.")
        String tablePrefix;

        @Option(names = "--aws-region", description = "Use the task's DynamoDB tables on AWS in this region (as "
                + "infra/ deploys them), with the default AWS credentials chain.")
        String awsRegion;

        /**
         * The task's apply switches: on AWS its two event source mappings, found by function name
         * (the caller needs lambda:ListEventSourceMappings); locally none, the pollers follow the state.
         */
        Optional<LambdaMappings> mappings(String task) {
            if (awsRegion == null) {
                return Optional.empty();
            }
            return Optional.of(LambdaMappings.forTask(LambdaMappings.client(Optional.empty(), Region.of(awsRegion)), task));
        }

        /** The task's queues where they outlive a runtime: on AWS (or at an explicit endpoint). */
        Optional<SqsClient> queues(URI sqsEndpoint) {
            return awsRegion != null ? Optional.of(SqsClients.create(Optional.empty(), Region.of(awsRegion)))
                    : Optional.ofNullable(sqsEndpoint).map(u -> SqsClients.create(Optional.of(u), Region.US_EAST_1));
        }

        StateDir.Dynamo open() {
            if (awsRegion != null) {
                return new StateDir.Dynamo(AwsClients.dynamo(Optional.empty(), Region.of(awsRegion)),
                        StoreTables.withPrefix(tablePrefix), null);
            }
            return new StateDir(stateDir).openDynamo(Optional.ofNullable(dynamoEndpoint), tablePrefix);
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Validate a task file and store it.")
    static final class Put implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
        Path config;

        @Override
        public Integer call() throws IOException {
            TaskConfig task;
            try {
                task = TaskConfigLoader.load(config);
            } catch (InvalidConfigException e) {
                spec.commandLine().getErr().println(config + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            try (StateDir.Dynamo dynamo = store.open()) {
                var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
                Optional<TaskRecord> before = tasks.get(task.task());
                Optional<String> refused = before.flatMap(b -> PartitioningChange.refusal(b.config(), b.state().started(),
                        task));
                if (refused.isPresent()) {
                    spec.commandLine().getErr().println(config + ": " + refused.get());
                    return ExitCodes.FAILURE;
                }
                TaskRecord rec = tasks.put(task.task(), Files.readString(config));
                spec.commandLine().getOut().printf("stored task '%s' (version %d, state %s)%n",
                        rec.task(), rec.version(), rec.state());
                // A running task takes a new selection in from the next transaction on: older rows are not copied.
                before.flatMap(b -> NewlySelected.warning(b.config(), task))
                        .ifPresent(w -> spec.commandLine().getErr().println("warning: " + w));
            }
            return ExitCodes.OK;
        }
    }

    /** The start gate where no local runtime starts the task (on AWS): precheck, then the first phase. */
    @Command(name = "start", mixinStandardHelpOptions = true, description = "Run the stored task's precheck "
            + "against both nodes and, if it passes, move the task to its first phase (RUNNING for incremental "
            + "sync). Needs network access to both nodes.")
    static final class Start implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", description = "Task name.")
        String task;
        @Option(names = "--acknowledge", split = ",", paramLabel = "ID",
                description = "Warnings to accept, by item id; adds to precheck.acknowledge of the configuration.")
        List<String> acknowledge = new ArrayList<>();

        @Override
        public Integer call() {
            try (StateDir.Dynamo dynamo = store.open()) {
                var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
                var snapshots = new DynamoSnapshotStore(dynamo.client(), dynamo.tables());
                // The pinned start: both nodes' positions are recorded before the task moves on, so
                // whatever they commit from here on is captured however late the captures come up.
                TaskStart.Outcome outcome = new TaskStart(tasks, new Precheck(SecretResolvers.defaults()))
                        .start(task, acknowledge, UnaryOperator.identity(),
                                c -> new TaskCoordinator(c, tasks, snapshots, SecretResolvers.defaults(),
                                        ApplyMappings.NONE, Clock.systemUTC()).pinStart());
                new ReportPrinter(spec.commandLine().getOut(), false).print(outcome.report());
                spec.commandLine().getOut().printf("task '%s' is %s%n", task, outcome.task().state());
                return outcome.started() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a stored task and its state.")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", description = "Task name.")
        String task;

        @Override
        public Integer call() {
            try (StateDir.Dynamo dynamo = store.open()) {
                var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
                Optional<TaskRecord> rec = tasks.get(task);
                PrintWriter out = spec.commandLine().getOut();
                if (rec.isEmpty()) {
                    spec.commandLine().getErr().printf("no task '%s' stored (store one with: duplex task put -c FILE)%n", task);
                    return ExitCodes.FAILURE;
                }
                TaskRecord r = rec.get();
                out.printf("# task %s, state %s%s, version %d, updated %s%n", r.task(), r.state(),
                        r.stateReason().isEmpty() ? "" : " (" + r.stateReason() + ")", r.version(), r.updatedAt());
                out.println(r.config());
                return ExitCodes.OK;
            }
        }
    }

    /** Clears every checkpoint of a task so that it starts over: the recovery after a source was replaced or reset. */
    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Clear every checkpoint of a task "
            + "(apply checkpoints on both nodes, capture checkpoints, initial-load state) so that its next start "
            + "begins anew. Needs network access to both nodes. Data on the nodes is left as it is.")
    static final class Reset implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptions store;
        @Parameters(index = "0", description = "Task name.")
        String task;
        @Option(names = "--yes", description = "Confirm: the task forgets how far it got.")
        boolean yes;
        @Option(names = "--force", description = "Reset even though the task's state says it moves data.")
        boolean force;
        @Option(names = "--sqs-endpoint", description = "SQS endpoint whose queues of the task are purged; with "
                + "--aws-region the task's queues on AWS are. A stopped local runtime's queues are gone already.")
        URI sqsEndpoint;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if (!yes) {
                err.printf("task reset clears every checkpoint of '%s': its next start begins anew (full sync if "
                        + "configured). Run again with --yes to confirm.%n", task);
                return ExitCodes.USAGE;
            }
            if (store.awsRegion == null && new StateDir(store.stateDir).runningRuntime().isPresent()) {
                err.printf("duplex local is running on %s: stop it first (Ctrl-C), then reset%n", store.stateDir);
                return ExitCodes.FAILURE;
            }
            Optional<SqsClient> queues = store.queues(sqsEndpoint);
            try (StateDir.Dynamo dynamo = store.open()) {
                var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
                Optional<TaskRecord> rec = tasks.get(task);
                if (rec.isEmpty()) {
                    err.printf("no task '%s' stored%n", task);
                    return ExitCodes.FAILURE;
                }
                var outcome = TaskReset.reset(rec.get(), tasks, new DynamoCheckpointStore(dynamo.client(),
                        dynamo.tables()), SecretResolvers.defaults(), queues, force);
                spec.commandLine().getOut().printf("task '%s' reset: %d capture and initial-load items, apply "
                        + "checkpoints %s cleared, queues purged %s; start it again to begin anew%n", task,
                        outcome.storeItems(), outcome.applyRows(), outcome.purgedQueues());
                return ExitCodes.OK;
            } catch (IllegalStateException e) {
                err.println(e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                queues.ifPresent(SqsClient::close);
            }
        }
    }
}
