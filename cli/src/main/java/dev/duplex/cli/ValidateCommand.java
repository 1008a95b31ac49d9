package dev.duplex.cli;

import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks a task configuration file offline and lists every problem with its fix. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a task configuration file without connecting to anything.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--json", description = "Print one JSON document on standard output: valid or not, the task "
            + "and its nodes, or every problem with its path and fix.")
    boolean json;

    @Override
    public Integer call() {
        try {
            TaskConfig task = TaskConfigLoader.load(config);
            if (json) {
                JsonOut.print(spec.commandLine().getOut(), valid(task));
            } else {
                spec.commandLine().getOut().printf("%s: valid task '%s' (%s <-> %s)%n",
                        config, task.task(), task.a().address(), task.b().address());
            }
            return ExitCodes.OK;
        } catch (InvalidConfigException e) {
            if (json) {
                JsonOut.print(spec.commandLine().getOut(), JsonOut.invalidConfig(config, e));
            } else {
                spec.commandLine().getErr().println(config + ": " + e.getMessage());
            }
            return ExitCodes.FAILURE;
        }
    }

    private Map<String, Object> valid(TaskConfig task) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("file", config.toString());
        doc.put("valid", true);
        doc.put("task", task.task());
        doc.put("a", task.a().address());
        doc.put("b", task.b().address());
        return doc;
    }
}
