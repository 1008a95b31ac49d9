package dev.duplex.cli;

import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.dynamo.DynamoTaskStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Stores and reads task configurations in the task table. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Store or read a task configuration.",
        subcommands = {TaskCommand.Put.class, TaskCommand.Get.class})
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

        StateDir.Dynamo open() {
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
