package dev.duplex.cli;

import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Checks a task configuration file offline and lists every problem with its fix. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task configuration file without connecting to anything.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration (.yaml, .yml or .json).")
    Path config;

    @Override
    public Integer call() {
        try {
            TaskConfig task = TaskConfigLoader.load(config);
            spec.commandLine().getOut().printf("%s: valid task '%s' (%s <-> %s)%n",
                    config, task.task(), task.a().address(), task.b().address());
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
