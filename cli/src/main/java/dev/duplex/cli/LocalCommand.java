package dev.duplex.cli;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.cli.dashboard.Dashboard;
import dev.duplex.cli.local.DeadRuntimeLeases;
import dev.duplex.cli.local.FullSyncProgress;
import dev.duplex.cli.local.LocalPrecheckServer;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.PrecheckFailedException;
import dev.duplex.cli.local.PrecheckToken;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a task on the embedded default until Ctrl-C. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run a task on this machine: ElasticMQ for SQS, DynamoDB Local for DynamoDB, both captures "
                + "and the apply handler behind a local poller. Ctrl-C stops it cleanly.")
final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "Task configuration file.")
    Path config;

    @Option(names = "--state-dir", defaultValue = ".duplex", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--table-prefix", defaultValue = "duplex-", description = "DynamoDB table name prefix.")
    String tablePrefix;

    @Option(names = "--acknowledge", split = ",", paramLabel = "ID",
            description = "Precheck warnings to accept for this start, by item id; adds to precheck.acknowledge.")
    List<String> acknowledge = new ArrayList<>();

    @Option(names = "--precheck-port", defaultValue = "0", description = "Loopback port of POST /precheck of stored"
            + " tasks (0: any free port); callers send the per-run token printed at start (also in"
            + " <state-dir>/precheck.token) as Authorization: Bearer <token>.")
    int precheckPort;

    @Option(names = "--dashboard-port", defaultValue = "0", description = "Loopback port of the read-only status "
            + "page, whose URL (with this run's token) is printed at start (0: any free port, -1: none).")
    int dashboardPort;

    @Option(names = "--status-every", defaultValue = "5", description = "Seconds between status lines (0: none).")
    int statusEvery;

    @Override
    public Integer call() throws IOException, InterruptedException {
        TaskConfig task;
        try {
            task = TaskConfigLoader.load(config);
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println(config + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (CtrlC ctrlC = new CtrlC(Duration.ofSeconds(60))) {
            return run(task, Files.readString(config), new StateDir(stateDir), ctrlC);
        }
    }

    private int run(TaskConfig task, String document, StateDir state, CtrlC ctrlC) throws InterruptedException, IOException {
        if (state.runningRuntime().isPresent()) {
            spec.commandLine().getErr().println("a duplex runtime already runs on " + state.root()
                    + " (see runtime.json): stop it first, or use another --state-dir");
            return ExitCodes.FAILURE;
        }
        Clock clock = Clock.systemUTC();
        try (LocalServices services = LocalServices.start(state.dynamoData(), tablePrefix, task, clock);
             LocalPrecheckServer precheck = LocalPrecheckServer.start(precheckPort, services.stores().tasks(),
                     SecretResolvers.defaults(), state.precheckTokenFile());
             LocalRuntime runtime = new LocalRuntime(task, document, services, SecretResolvers.defaults(), clock,
                     UnaryOperator.identity());
             Dashboard dashboard = Dashboard.start(dashboardPort, task.task(), services, spec.commandLine().getOut())) {
            state.deadRuntime().ifPresent(dead -> DeadRuntimeLeases.expire(services.stores().leases(), task.task(),
                    dead.pid()));
            try {
                runtime.start(acknowledge);
            } catch (PrecheckFailedException e) {
                spec.commandLine().getErr().println("duplex: " + e.getMessage() + ":");
                new ReportPrinter(spec.commandLine().getErr(), false).print(e.report());
                return ExitCodes.FAILURE;
            }
            state.writeRuntime(new StateDir.RuntimeInfo(ProcessHandle.current().pid(), task.task(),
                    services.sqs().endpoint().toString(), services.dynamo().endpoint().toString(), precheck.url().toString(),
                    Map.of("a2b", services.queue(Direction.A2B).url(), "b2a", services.queue(Direction.B2A).url())));
            spec.commandLine().getOut().printf("duplex: task %s running; Ctrl-C to stop. State in %s%n", task.task(),
                    state.root());
            LogDestination.file().ifPresent(f -> spec.commandLine().getOut().printf(
                    "duplex: log in %s (--verbose shows it here)%n", f));
            spec.commandLine().getOut().printf("duplex: precheck a stored task: POST %s with Content-Type:"
                    + " application/json, %s: %s (this run's token, also in %s) and {\"task\": \"%s\"}%n",
                    precheck.url(), PrecheckToken.HEADER, precheck.authorization(), precheck.tokenFile(), task.task());
            printStatusUntil(ctrlC, task.task(), services);
            spec.commandLine().getOut().println("duplex: stopping");
        } finally {
            state.clearRuntime();
        }
        return ExitCodes.OK;
    }

    /** Status every {@code statusEvery} seconds; during the initial load a progress line every second instead. */
    private void printStatusUntil(CtrlC ctrlC, String task, LocalServices services) throws InterruptedException {
        StatusView previous = null;
        Long lastFull = null;
        while (!ctrlC.awaitStop(Duration.ofSeconds(1))) {
            if (statusEvery <= 0) {
                continue;
            }
            var s = services.stores();
            StatusView now = StatusView.read(task, s.tasks(), s.status(), s.checkpoints(), s.conflicts(), s.snapshots(),
                    3, Instant.now());
            if (now.initialLoad()) {
                spec.commandLine().getOut().println(now.fullSync().map(FullSyncProgress::line)
                        .orElse("schema sync: creating the selected tables on node b"));
            } else if (lastFull == null || System.nanoTime() - lastFull >= statusEvery * 1_000_000_000L) {
                now.render(previous).forEach(spec.commandLine().getOut()::println);
                previous = now;
                lastFull = System.nanoTime();
            }
            spec.commandLine().getOut().flush();
        }
    }
}
