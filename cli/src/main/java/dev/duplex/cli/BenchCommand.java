package dev.duplex.cli;

import dev.duplex.cli.bench.Bench;
import dev.duplex.cli.bench.BenchException;
import dev.duplex.cli.bench.BenchOptions;
import dev.duplex.cli.bench.BenchReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** duplex bench: Duplex next to native MariaDB replication and the dump/load tools, on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Duplex against native MariaDB replication (single-threaded and 4 parallel workers),"
                + " mydumper/myloader and mariadb-dump | mariadb, on local servers, in one run.",
                "Prints a markdown table (figure, Duplex, peer, Duplex/peer) and writes it as JSON and markdown.",
                "Needs sysbench and mydumper: apt-get install -y sysbench mydumper"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tables", defaultValue = "4", description = "sysbench tables per database (default ${DEFAULT-VALUE}).")
    int tables;

    @Option(names = "--table-size", defaultValue = "50000", description = "Rows per sysbench table (default ${DEFAULT-VALUE}).")
    int tableSize;

    @Option(names = "--time", defaultValue = "20",
            description = "Seconds of each full-speed sysbench run that builds a backlog (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--live-time", defaultValue = "30",
            description = "Seconds of each rate-limited live run that measures latency (default ${DEFAULT-VALUE}).")
    int liveSeconds;

    @Option(names = "--live-rate", defaultValue = "2000",
            description = "Row changes per second written in the live runs (default ${DEFAULT-VALUE}).")
    int liveRate;

    @Option(names = "--threads", defaultValue = "4",
            description = "sysbench client threads, and mydumper/myloader threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--snapshot-tables", defaultValue = "4", description = "Tables of the snapshot part (default ${DEFAULT-VALUE}).")
    int snapshotTables;

    @Option(names = "--snapshot-rows", defaultValue = "100000",
            description = "Rows per table of the snapshot part (default ${DEFAULT-VALUE}).")
    int snapshotRows;

    @Option(names = "--parts", defaultValue = "cdc,snapshot,twoway", split = ",",
            description = "Parts to run: cdc, snapshot, twoway (default ${DEFAULT-VALUE}).")
    List<String> parts;

    @Option(names = "--out", defaultValue = "bench/results.json",
            description = "JSON results file; results.md and profile.txt go next to it (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work-dir", description = "Scratch directory (default: a new temp directory).")
    Path workDir;

    @Option(names = "--no-profile", description = "Skip the JFR and wall-clock profile of the incremental part.")
    boolean noProfile;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchOptions options;
        try {
            options = new BenchOptions(tables, tableSize, seconds, liveSeconds, liveRate, threads, snapshotTables,
                    snapshotRows, parseParts(parts), out.toAbsolutePath(), workDir != null ? workDir
                    : Files.createTempDirectory("duplex-bench-"), !noProfile);
        } catch (IllegalArgumentException e) {
            err.println("duplex bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            long started = System.nanoTime();
            BenchReport report = Bench.run(options, line -> {
                err.printf("bench [%3d s]: %s%n", (System.nanoTime() - started) / 1_000_000_000L, line);
                err.flush();
            });
            String markdown = report.markdown();
            stdout.print(markdown);
            stdout.flush();
            Path json = this.out.toAbsolutePath();
            Files.createDirectories(json.getParent());
            Files.writeString(json, report.json());
            Files.writeString(json.resolveSibling(markdownName(json)), markdown);
            err.println("bench: results written to " + json + " and " + json.resolveSibling(markdownName(json)));
            if (workDir == null) {
                Bench.deleteTree(options.workDir());
            }
            return ExitCodes.OK;
        } catch (BenchException e) {
            err.println("duplex bench: " + e.getMessage());
            err.println("duplex bench: tool logs and task state are in " + options.workDir());
            return ExitCodes.FAILURE;
        }
    }

    private static String markdownName(Path json) {
        String name = json.getFileName().toString();
        return (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".md";
    }

    static Set<BenchOptions.Part> parseParts(List<String> names) {
        Set<BenchOptions.Part> out = EnumSet.noneOf(BenchOptions.Part.class);
        for (String n : names) {
            try {
                out.add(BenchOptions.Part.valueOf(n.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown part '" + n + "' in --parts: use cdc, snapshot, twoway");
            }
        }
        return out;
    }
}
