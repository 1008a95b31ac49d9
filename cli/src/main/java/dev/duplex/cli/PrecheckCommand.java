package dev.duplex.cli;

import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.PrecheckReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs every precheck of a task against its two servers and prints the report. */
@Command(name = "precheck", mixinStandardHelpOptions = true,
        description = "Check that a task can start: connections, binlog settings, privileges and the selected "
                + "objects of both nodes. Exits 1 unless every item passed or is an acknowledged warning.")
final class PrecheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration (.yaml, .yml or .json).")
    Path config;

    @Option(names = "--acknowledge", split = ",", paramLabel = "ID",
            description = "Warnings to accept for this run, by item id (a trailing .* covers every id below it);"
                    + " adds to precheck.acknowledge of the configuration.")
    List<String> acknowledge = new ArrayList<>();

    @Option(names = "--all", description = "Also list the items that passed.")
    boolean all;

    @Option(names = "--json", description = "Print the report as one JSON document on standard output (every item, "
            + "as the precheck endpoint returns it), or the configuration's problems.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TaskConfig task;
        try {
            task = TaskConfigLoader.load(config);
        } catch (InvalidConfigException e) {
            if (json) {
                JsonOut.print(out, JsonOut.invalidConfig(config, e));
            } else {
                spec.commandLine().getErr().println(config + ": " + e.getMessage());
            }
            return ExitCodes.FAILURE;
        }
        PrecheckReport report = Precheck.run(task, acknowledge);
        if (json) {
            JsonOut.print(out, report);
        } else {
            new ReportPrinter(out, all).print(report);
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
