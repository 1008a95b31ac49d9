package dev.duplex.cli;

import dev.duplex.core.aws.AwsClients;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.dynamo.DynamoTaskStore;
import dev.duplex.core.store.dynamo.StoreTables;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.regions.Region;

/** Stores, reads and starts tasks in the task table (local, or on AWS with --aws-region). */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Store, read or start a task.",
        subcommands = {TaskCommand.Put.class, TaskCommand.Get.class, TaskCommand.Start.class})
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
                TaskRecord rec = tasks.put(task.task(), Files.readString(config));
                spec.commandLine().getOut().printf("stored task '%s' (version %d, state %s)%n",
                        rec.task(), rec.version(), rec.state());
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
                TaskStart.Outcome outcome = new TaskStart(tasks, new Precheck(SecretResolver.defaults()))
                        .start(task, acknowledge);
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
}
