package dev.duplex.cli;

import dev.duplex.cli.verify.TableDiff;
import dev.duplex.cli.verify.Verifier;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compares every selected table on both nodes; exits non-zero on any difference. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare every selected table on both nodes (checksum, then rows) and print differing keys.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
    Path config;

    @Option(names = "--chunk-size", defaultValue = "2000", description = "Rows per comparison chunk.")
    int chunkSize;

    @Option(names = "--max-keys", defaultValue = "20", description = "Differing keys shown per table.")
    int maxKeys;

    @Override
    public Integer call() throws SQLException {
        TaskConfig task;
        try {
            task = TaskConfigLoader.load(config);
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        List<TableDiff> diffs = new Verifier(task, SecretResolver.defaults(), chunkSize, maxKeys).verifyAll();
        PrintWriter out = spec.commandLine().getOut();
        long bad = 0;
        for (TableDiff d : diffs) {
            if (d.equal()) {
                out.printf("OK    %s (%s%s)%n", d.table().label(), d.method(),
                        d.rowsA() >= 0 ? ", " + d.rowsA() + " rows" : "");
            } else {
                bad++;
                out.printf("DIFF  %s: %d keys differ (%d rows on a, %d on b)%n", d.table().label(), d.differences(),
                        d.rowsA(), d.rowsB());
                d.sampleKeys().forEach(k -> out.println("        " + k));
            }
        }
        out.printf("%d tables compared, %d differ%n", diffs.size(), bad);
        return bad == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
