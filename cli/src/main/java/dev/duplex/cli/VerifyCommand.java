package dev.duplex.cli;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.verify.Repairer;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.capture.verify.VerifyPrinter;
import dev.duplex.capture.verify.VerifyProgress;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares every selected table on both nodes, online; exits 1 on any difference. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compare every selected table on both nodes, online: chunks of each table checksummed on each"
                + " server, differing chunks compared row by row, differing rows read again once replication caught"
                + " up (so rows merely in flight are not reported).",
                "With --repair, every differing row is sent again from --source through the pipeline.",
                "Exit codes: 0 identical (with --repair: everything repaired), 1 differences (or an invalid"
                        + " configuration), 2 bad options."})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
    Path config;

    @Option(names = "--chunk-size", defaultValue = "10000", description = "Rows per checksummed chunk (default ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--parallel", defaultValue = "2", description = "Tables compared at the same time (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--max-keys", defaultValue = "20", description = "Differing keys shown per table (default ${DEFAULT-VALUE}).")
    int maxKeys;

    @Option(names = "--recheck-seconds", defaultValue = "60",
            description = "How long to wait for replication to catch up before re-reading differing rows (default ${DEFAULT-VALUE}).")
    int recheckSeconds;

    @Option(names = "--no-recheck", description = "Report differences as first found (the pair is idle).")
    boolean noRecheck;

    @Option(names = "--json", description = "Print one JSON document: every table with every differing key.")
    boolean json;

    @Option(names = "--repair", description = "Repair every differing row through the pipeline, while sync runs: the"
            + " source node's row (or its absence) is sent to the other node in order with live changes; then the"
            + " repaired keys are compared again.")
    boolean repair;

    @Option(names = "--source", defaultValue = "a", description = "With --repair: the node whose rows are right, a or b"
            + " (default ${DEFAULT-VALUE}).")
    String source;

    @Override
    public Integer call() throws SQLException {
        TaskConfig task;
        try {
            task = TaskConfigLoader.load(config);
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        if (chunkSize < 1 || parallel < 1) {
            spec.commandLine().getErr().println("--chunk-size and --parallel must be at least 1");
            return ExitCodes.USAGE;
        }
        if (!"a".equals(source) && !"b".equals(source)) {
            spec.commandLine().getErr().println("--source must be a or b, not '" + source + "'");
            return ExitCodes.USAGE;
        }
        VerifyProgress progress = json ? VerifyProgress.none() : VerifyProgress.to(spec.commandLine().getErr());
        Verifier verifier = new Verifier(task, SecretResolvers.defaults(), chunkSize).parallelism(parallel)
                .progress(progress);
        if (!noRecheck) {
            verifier.recheck(Duration.ofSeconds(recheckSeconds));
        }
        Verifier.Outcome outcome = verifier.verify();
        Repairer.Outcome repaired = repair && outcome.differences() > 0
                ? new Repairer(task, SecretResolvers.defaults()).repair(outcome.tables(), source,
                        Duration.ofSeconds(recheckSeconds))
                : null;
        if (json) {
            VerifyPrinter.json(spec.commandLine().getOut(), task.task(), outcome, progress, repaired);
        } else {
            VerifyPrinter.text(spec.commandLine().getOut(), outcome, maxKeys);
            if (repaired != null) {
                VerifyPrinter.repairText(spec.commandLine().getOut(), repaired, maxKeys);
            }
        }
        if (repaired != null) {
            return repaired.remaining() == 0 && repaired.unchecked().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
        return outcome.differences() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
