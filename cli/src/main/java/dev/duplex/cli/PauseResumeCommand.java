package dev.duplex.cli;

import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.capture.lifecycle.LambdaMappings;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Pause and resume change the stored task state; a running runtime's pollers stop or resume
 * applying within a second, while captures keep queueing changes, so nothing is lost.
 */
final class PauseResumeCommand {
    private PauseResumeCommand() {}

    abstract static class StateChange implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        TaskCommand.StoreOptions store;
        @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
        Path config;

        abstract TaskState from();

        abstract TaskState to();

        @Override
        public Integer call() {
            String task;
            try {
                task = TaskConfigLoader.load(config).task();
            } catch (InvalidConfigException e) {
                spec.commandLine().getErr().println(config + ": " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            try (StateDir.Dynamo dynamo = store.open()) {
                var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
                TaskRecord r = tasks.get(task).orElse(null);
                if (r == null || r.state() != from()) {
                    spec.commandLine().getErr().printf("task '%s' is %s; only a %s task can be set %s%n", task,
                            r == null ? "not stored" : r.state(), from(), to());
                    return ExitCodes.FAILURE;
                }
                Optional<LambdaMappings> mappings = store.mappings(task);
                if (to() == TaskState.PAUSED) {
                    // Off before PAUSED is stored: a batch received now applies, none is returned unapplied.
                    mappings.ifPresent(m -> switchAll(m, false));
                }
                tasks.updateState(task, to(), "", r.version());
                if (to() == TaskState.RUNNING) {
                    mappings.ifPresent(m -> switchAll(m, true));
                }
                spec.commandLine().getOut().printf("task '%s' is %s%s%n", task, to(), mappings.isEmpty() ? ""
                        : to() == TaskState.PAUSED ? " (apply functions' event source mappings disabled: messages "
                        + "wait in the queues without spending receives)" : " (event source mappings enabled)");
                return ExitCodes.OK;
            }
        }
    }

    private static void switchAll(LambdaMappings mappings, boolean on) {
        for (Direction d : Direction.values()) {
            mappings.switchTo(d, on);
        }
        if (!on) {
            for (Direction d : Direction.values()) {
                mappings.awaitSettled(d, false, Duration.ofSeconds(90));
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a running task: nothing more is applied; captured changes wait in the queues.")
    static final class Pause extends StateChange {
        @Override
        TaskState from() {
            return TaskState.RUNNING;
        }

        @Override
        TaskState to() {
            return TaskState.PAUSED;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused task.")
    static final class Resume extends StateChange {
        @Override
        TaskState from() {
            return TaskState.PAUSED;
        }

        @Override
        TaskState to() {
            return TaskState.RUNNING;
        }
    }
}
