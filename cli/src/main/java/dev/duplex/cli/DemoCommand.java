package dev.duplex.cli;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.verify.TableDiff;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.cli.dashboard.Dashboard;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.demo.DemoSchema;
import dev.duplex.cli.demo.DemoWorkload;
import dev.duplex.cli.demo.LiveFigures;
import dev.duplex.cli.demo.LiveView;
import dev.duplex.cli.local.FullSyncProgress;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.model.Direction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Two sandboxes, the shop schema, writes on both sides, live sync figures, and a final verify. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start two local MariaDB servers, synchronize them both ways, write on both sides and show "
                + "rows/s, latency and conflicts per direction until Ctrl-C; then verify both sides are identical.")
final class DemoCommand implements Callable<Integer> {
    private static final String TASK = "demo";

    @Spec
    CommandSpec spec;

    @Option(names = "--state-dir", defaultValue = ".duplex/demo", description = "Demo state (wiped at start).")
    Path stateDir;

    @Option(names = "--rate", defaultValue = "25", description = "Transactions per second written on each node.")
    double rate;

    @Option(names = "--duration", defaultValue = "0", description = "Seconds to run; 0 runs until Ctrl-C.")
    long durationSeconds;

    @Option(names = "--dashboard-port", defaultValue = "0", description = "Loopback port of the status page (0: any "
            + "free port, -1: none).")
    int dashboardPort;

    @Option(names = "--every", defaultValue = "2", description = "Seconds between status lines.")
    long everySeconds;

    @Override
    public Integer call() throws IOException, InterruptedException, SQLException {
        PrintWriter out = spec.commandLine().getOut();
        StateDir state = new StateDir(stateDir);
        wipe(state.root());
        try (CtrlC ctrlC = new CtrlC(Duration.ofSeconds(90))) {
            out.println("duplex demo: starting two MariaDB servers...");
            try (DemoCluster cluster = DemoCluster.start(state.root(), TASK, "- database: shop",
                    "types: [schema, full, incremental]\nconflictPolicy: overwrite")) {
                out.printf("  node a: %s:%d   node b: %s:%d   task config: %s%n", cluster.a().host(), cluster.a().port(),
                        cluster.b().host(), cluster.b().port(), cluster.configFile());
                LogDestination.file().ifPresent(f -> out.printf("  log: %s (--verbose shows it here)%n", f));
                createSchema(cluster);
                return runSync(cluster, state, ctrlC, out);
            }
        }
    }

    private int runSync(DemoCluster cluster, StateDir state, CtrlC ctrlC, PrintWriter out)
            throws InterruptedException, SQLException {
        Clock clock = Clock.systemUTC();
        try (LocalServices services = LocalServices.start(state.dynamoData(), "duplex-", cluster.config(), clock);
             LocalRuntime runtime = new LocalRuntime(cluster.config(), cluster.document(), services,
                     SecretResolvers.defaults(), clock, UnaryOperator.identity());
             Dashboard dashboard = Dashboard.start(dashboardPort, TASK, services, out)) {
            runtime.start(List.of());
            state.writeRuntime(new StateDir.RuntimeInfo(ProcessHandle.current().pid(), TASK,
                    services.sqs().endpoint().toString(), services.dynamo().endpoint().toString(), "",
                    Map.of("a2b", services.queue(Direction.A2B).url(), "b2a", services.queue(Direction.B2A).url())));
            out.printf("  schema sync created shop on node b; full sync copies its rows (node b's writes wait"
                    + "%n  until the copy ended), then both directions run. Writing %.0f tx/s on each node meanwhile."
                    + "%n  In another terminal:%n"
                    + "    ./duplex status %s --state-dir %s%n  Ctrl-C to stop.%n", rate, TASK, state.root());
            out.flush();
            var workloads = List.of(new DemoWorkload(cluster.a(), "a", rate, 1), new DemoWorkload(cluster.b(), "b", rate, 2));
            workloads.forEach(DemoWorkload::start);
            showUntilStopped(ctrlC, services, workloads, out);
            for (DemoWorkload w : workloads) {
                w.stop();
                w.awaitStop(Duration.ofSeconds(10));
            }
            out.printf("stopped writing: %d transactions on a, %d on b; waiting for the queues to drain...%n",
                    workloads.get(0).transactions(), workloads.get(1).transactions());
            out.flush();
            return verifyUntilEqual(cluster, out);
        } finally {
            state.clearRuntime();
        }
    }

    private void showUntilStopped(CtrlC ctrlC, LocalServices services, List<DemoWorkload> workloads, PrintWriter out)
            throws InterruptedException {
        Instant end = durationSeconds > 0 ? Instant.now().plusSeconds(durationSeconds) : Instant.MAX;
        LiveView view = LiveView.forStandardOutput(out);
        StatusView previous = null;
        while (!ctrlC.awaitStop(Duration.ofSeconds(everySeconds)) && Instant.now().isBefore(end)) {
            var s = services.stores();
            StatusView now = StatusView.read(TASK, s.tasks(), s.status(), s.checkpoints(), s.conflicts(), s.snapshots(),
                    0, Instant.now());
            if (now.initialLoad() || previous != null) {
                view.show(figures(now, previous, workloads));
            }
            previous = now;
        }
    }

    private static LiveFigures figures(StatusView now, StatusView previous, List<DemoWorkload> workloads) {
        Optional<String> initialLoad = now.initialLoad()
                ? Optional.of(now.fullSync().map(FullSyncProgress::line).orElse("schema sync: creating shop on node b"))
                : Optional.empty();
        return new LiveFigures(now.task().state().name(), initialLoad, flow(now, previous, Direction.A2B),
                flow(now, previous, Direction.B2A), now.conflictCount(), workloads.get(0).transactions(),
                workloads.get(1).transactions());
    }

    private static LiveFigures.Flow flow(StatusView now, StatusView previous, Direction d) {
        var s = now.directions().get(d);
        String latency = s == null || s.latencyMillis() < 0 ? "-" : s.latencyMillis() + "ms";
        return new LiveFigures.Flow(previous == null ? 0 : now.rowsPerSecond(previous, d), latency, now.rowsApplied(d));
    }

    private int verifyUntilEqual(DemoCluster cluster, PrintWriter out) throws SQLException, InterruptedException {
        Verifier verifier = new Verifier(cluster.config(), SecretResolvers.defaults(), 2000);
        Instant deadline = Instant.now().plusSeconds(60);
        List<TableDiff> diffs = verifier.verifyAll();
        while (diffs.stream().anyMatch(d -> !d.equal()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            diffs = verifier.verifyAll();
        }
        for (TableDiff d : diffs) {
            out.printf("  %s %s%s%n", d.equal() ? "identical:" : "DIFFERENT:", d.table().label(),
                    d.equal() ? "" : " " + d.differences() + " keys, e.g. " + d.sampleKeys());
        }
        boolean ok = diffs.stream().allMatch(TableDiff::equal);
        out.println(ok ? "duplex demo: both nodes identical." : "duplex demo: nodes differ (see above).");
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** On node a only: schema sync creates it on node b, full sync copies the seed rows. */
    private static void createSchema(DemoCluster cluster) throws SQLException {
        try (Connection c = cluster.a().connect()) {
            DemoSchema.create(c);
        }
    }

    /** Everything of an earlier demo but the log directory, which this run's log is about to be opened in. */
    static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path logs = dir.resolve("logs");
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.startsWith(logs) && !p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
