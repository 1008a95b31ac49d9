package dev.duplex.cli;

import dev.duplex.cli.bench.BenchTables;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.local.FullSyncProgress;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.verify.TableDiff;
import dev.duplex.cli.verify.Verifier;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.store.TaskState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Measurements on local sandboxes; not a test: nothing is asserted, figures are printed. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure Duplex on two local MariaDB servers.",
        subcommands = {BenchCommand.FullSync.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
                         SecretResolver.defaults(), clock, UnaryOperator.identity())) {
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
            List<TableDiff> diffs = new Verifier(cluster.config(), SecretResolver.defaults(), 10_000, 3).verifyAll();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (diffs.stream().anyMatch(d -> !d.equal()) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                diffs = new Verifier(cluster.config(), SecretResolver.defaults(), 10_000, 3).verifyAll();
            }
            boolean equal = diffs.stream().allMatch(TableDiff::equal);
            out.println(equal ? "  verify: both nodes identical" : "  verify: nodes differ: " + diffs);
            return equal ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
