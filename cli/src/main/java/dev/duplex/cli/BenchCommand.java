package dev.duplex.cli;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.bench.Bench;
import dev.duplex.bench.BenchException;
import dev.duplex.bench.BenchOptions;
import dev.duplex.bench.BenchReport;
import dev.duplex.bench.BenchTables;
import dev.duplex.capture.verify.TableDiff;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.local.FullSyncProgress;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.store.TaskState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** duplex bench: Duplex next to native MariaDB replication and the dump/load tools, on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Duplex against native MariaDB replication (single-threaded and 4 parallel workers),"
                + " mydumper/myloader and mariadb-dump | mariadb, and its verification with pt-table-checksum, on local servers,"
                + " in one run.",
                "Prints a markdown table (figure, Duplex, peer, Duplex/peer) and writes it as JSON and markdown.",
                "Needs sysbench, mydumper and percona-toolkit: apt-get install -y sysbench mydumper percona-toolkit"},
        subcommands = {BenchCommand.FullSync.class})
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

    @Option(names = "--snapshot-rows", defaultValue = "250000",
            description = "Rows per table of the snapshot part (default ${DEFAULT-VALUE}).")
    int snapshotRows;

    @Option(names = "--verify-rows", defaultValue = "1000000",
            description = "Rows of the verify part's table (default ${DEFAULT-VALUE}).")
    int verifyRows;

    @Option(names = "--capture-time", defaultValue = "4",
            description = "Seconds the capture part replays each recorded binlog, after twice that of warm-up"
                    + " (default ${DEFAULT-VALUE}).")
    int captureSeconds;

    @Option(names = "--parts", defaultValue = "capture,cdc,snapshot,twoway,verify", split = ",",
            description = "Parts to run: capture, cdc, snapshot, twoway, verify (default ${DEFAULT-VALUE}).")
    List<String> parts;

    @Option(names = "--out", defaultValue = "bench/results.json",
            description = "JSON results file; results.md and profile.txt go next to it (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--work-dir", description = "Scratch directory (default: a new temp directory).")
    Path workDir;

    @Option(names = "--no-profile", description = "Skip the JFR and wall-clock profile of the incremental part.")
    boolean noProfile;

    @Option(names = "--partitioning", defaultValue = "transaction", description = "Message groups of the incremental "
            + "parts' task: transaction (one per direction, the default) or table (one per table, DDL sync off).")
    String partitioning;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchOptions options;
        try {
            options = new BenchOptions(tables, tableSize, seconds, liveSeconds, liveRate, threads, snapshotTables,
                    snapshotRows, verifyRows, captureSeconds, parseParts(parts), out.toAbsolutePath(), workDir != null ? workDir
                    : Files.createTempDirectory("duplex-bench-"), !noProfile, byTable(partitioning));
        } catch (IllegalArgumentException e) {
            err.println("duplex bench: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            long started = System.nanoTime();
            BenchReport report = Bench.run(options, LocalBenchTask::create, line -> {
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

    private static boolean byTable(String partitioning) {
        return switch (partitioning) {
            case "transaction" -> false;
            case "table" -> true;
            default -> throw new IllegalArgumentException("--partitioning must be transaction or table, got '"
                    + partitioning + "'");
        };
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
                throw new IllegalArgumentException("unknown part '" + n + "' in --parts: use capture, cdc, snapshot, twoway, verify");
            }
        }
        return out;
    }

    @Command(name = "full-sync", mixinStandardHelpOptions = true,
            description = "Fill node a with ROWS rows over TABLES tables, run schema and full sync to node b on the "
                    + "embedded default and print the copy's rate (rows/s), then verify both nodes.")
    static final class FullSync implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--rows", defaultValue = "1000000", description = "Rows to copy (default: ${DEFAULT-VALUE}).")
        long rows;

        @Option(names = "--tables", defaultValue = "4", description = "Tables they are spread over.")
        int tables;

        @Option(names = "--chunk-rows", defaultValue = "10000", description = "sync.fullSync.chunkRows.")
        int chunkRows;

        @Option(names = "--parallelism", defaultValue = "2", description = "sync.fullSync.parallelism.")
        int parallelism;

        @Option(names = "--state-dir", defaultValue = ".duplex/bench", description = "Bench state (wiped at start).")
        Path stateDir;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            StateDir state = new StateDir(stateDir);
            DemoCommand.wipe(state.root());
            out.printf("duplex bench full-sync: %,d rows in %d tables, chunks of %,d rows, %d readers%n", rows, tables,
                    chunkRows, parallelism);
            String sync = "types: [schema, full, incremental]\nfullSync: {chunkRows: " + chunkRows + ", parallelism: "
                    + parallelism + "}";
            try (DemoCluster cluster = DemoCluster.start(state.root(), "bench", "- database: bench", sync)) {
                long fill = System.nanoTime();
                try (Connection a = cluster.a().connect()) {
                    BenchTables.create(a, rows, tables);
                }
                out.printf("  node a filled in %.1f s%n", (System.nanoTime() - fill) / 1e9);
                out.flush();
                return copy(cluster, state, out);
            }
        }

        private int copy(DemoCluster cluster, StateDir state, PrintWriter out) throws Exception {
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.start(state.dynamoData(), "duplex-", cluster.config(), clock);
                 LocalRuntime runtime = new LocalRuntime(cluster.config(), cluster.document(), services,
                         SecretResolvers.defaults(), clock, UnaryOperator.identity())) {
                long start = System.nanoTime();
                runtime.start(List.of());
                var s = services.stores();
                while (runtime.states().record().state() != TaskState.RUNNING) {
                    if (runtime.states().record().state() == TaskState.FAILED) {
                        out.println("duplex bench: the task FAILED: " + runtime.states().record().stateReason());
                        return ExitCodes.FAILURE;
                    }
                    FullSyncProgress.of(s.snapshots().tables("bench")).ifPresent(p -> out.println("  " + p.line()));
                    out.flush();
                    Thread.sleep(1000);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                FullSyncProgress done = FullSyncProgress.of(s.snapshots().tables("bench")).orElseThrow();
                out.printf("full sync: %,d rows in %d tables in %.1f s: %,.0f rows/s (start of the task to RUNNING: "
                        + "precheck, schema sync, copy and apply)%n", done.rowsDone(), done.tables(), seconds,
                        done.rowsDone() / seconds);
                return verify(cluster, out);
            }
        }

        private static int verify(DemoCluster cluster, PrintWriter out) throws Exception {
            List<TableDiff> diffs = new Verifier(cluster.config(), SecretResolvers.defaults(), 10_000).verifyAll();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (diffs.stream().anyMatch(d -> !d.equal()) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                diffs = new Verifier(cluster.config(), SecretResolvers.defaults(), 10_000).verifyAll();
            }
            boolean equal = diffs.stream().allMatch(TableDiff::equal);
            out.println(equal ? "  verify: both nodes identical" : "  verify: nodes differ: " + diffs);
            return equal ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
