package dev.duplex.cli;

import dev.duplex.cli.local.StatusView;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.dynamo.DynamoCheckpointStore;
import dev.duplex.core.store.dynamo.DynamoConflictLog;
import dev.duplex.core.store.dynamo.DynamoSnapshotStore;
import dev.duplex.core.store.dynamo.DynamoStatusStore;
import dev.duplex.core.store.dynamo.DynamoTaskStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints a task's state, per-direction positions, latency, throughput, conflicts, DDL the target
 * refused and last error.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a task's state, latency, throughput, positions, conflicts, DDL the target refused and "
                + "last error.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TaskCommand.StoreOptions store;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
    Path config;

    @Option(names = "--sample-ms", defaultValue = "1000", description = "Interval of the two samples that give rows/s.")
    long sampleMillis;

    @Override
    public Integer call() throws InterruptedException {
        String task;
        try {
            task = TaskConfigLoader.load(config).task();
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (StateDir.Dynamo dynamo = store.open()) {
            var db = dynamo.client();
            var tables = dynamo.tables();
            var tasks = new DynamoTaskStore(db, tables, Clock.systemUTC());
            var status = new DynamoStatusStore(db, tables);
            var checkpoints = new DynamoCheckpointStore(db, tables);
            var conflicts = new DynamoConflictLog(db, tables);
            var snapshots = new DynamoSnapshotStore(db, tables);
            StatusView first = StatusView.read(task, tasks, status, checkpoints, conflicts, snapshots, 10, Instant.now());
            Thread.sleep(Math.max(0, sampleMillis));
            StatusView second = StatusView.read(task, tasks, status, checkpoints, conflicts, snapshots, 10,
                    Instant.now());
            second.render(first).forEach(spec.commandLine().getOut()::println);
            return second.task().state() == dev.duplex.core.store.TaskState.FAILED ? ExitCodes.FAILURE : ExitCodes.OK;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
