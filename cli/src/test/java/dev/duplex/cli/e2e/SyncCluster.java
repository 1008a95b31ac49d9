package dev.duplex.cli.e2e;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.CaptureSettings;
import dev.duplex.capture.verify.TableDiff;
import dev.duplex.capture.verify.Verifier;
import dev.duplex.cli.CliRun;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.PrecheckFailedException;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Two MariaDB sandboxes with the same schema, a task that synchronizes them, and the embedded
 * default (DynamoDB Local in a state directory, ElasticMQ, both captures and pollers) running in
 * this JVM. The runtime can be stopped and started again on the same state.
 */
public final class SyncCluster implements AutoCloseable {
    /** Creates the test's schema on one node. */
    @FunctionalInterface
    public interface Schema {
        void create(Connection c) throws SQLException;
    }

    /** Short back-offs, so a capture is back soon after its source returns. */
    static final UnaryOperator<CaptureSettings.Builder> TEST_TUNING =
            b -> b.reconnect(Duration.ofMillis(500), Duration.ofSeconds(3));

    private final DemoCluster nodes;
    private final Path stateDir;
    private final Clock clock = Clock.systemUTC();
    private LocalServices services;
    private LocalRuntime runtime;

    private SyncCluster(DemoCluster nodes, Path stateDir) {
        this.nodes = nodes;
        this.stateDir = stateDir;
    }

    public static SyncCluster start(Path dir, String task, String objectsYaml, String syncYaml, Schema schema)
            throws SQLException {
        return start(dir, task, objectsYaml, syncYaml, "", schema);
    }

    /** @param moreYaml further top-level keys of the task config */
    public static SyncCluster start(Path dir, String task, String objectsYaml, String syncYaml, String moreYaml,
                                    Schema schema) throws SQLException {
        DemoCluster nodes = DemoCluster.start(dir, task, objectsYaml, syncYaml, moreYaml);
        try {
            for (MySqlServer s : List.of(nodes.a(), nodes.b())) {
                try (Connection c = s.connect()) {
                    schema.create(c);
                }
            }
            return new SyncCluster(nodes, dir.resolve("state"));
        } catch (SQLException | RuntimeException e) {
            nodes.close();
            throw e;
        }
    }

    public MySqlSandbox a() {
        return nodes.a();
    }

    public MySqlSandbox b() {
        return nodes.b();
    }

    public DemoCluster nodes() {
        return nodes;
    }

    public Path stateDir() {
        return stateDir;
    }

    public LocalServices services() {
        return services;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    /** Starts the services (first time only) and a new runtime on them; returns once both captures stream. */
    public LocalRuntime startRuntime() {
        return startRuntime(nodes.document());
    }

    /** As {@link #startRuntime()} with another task document, as {@code duplex local} run on an edited file. */
    public LocalRuntime startRuntime(String document) {
        TaskConfig config = TaskConfigLoader.parse(document, TaskConfigLoader.Format.YAML);
        if (services == null) {
            services = LocalServices.start(stateDir.resolve("dynamodb"), "duplex-", config, clock);
        }
        runtime = new LocalRuntime(config, document, services, SecretResolvers.defaults(), clock, TEST_TUNING);
        try {
            runtime.start();
        } catch (PrecheckFailedException e) {
            throw new AssertionError(e.getMessage() + ": " + e.report().blocking().stream()
                    .map(i -> i.id() + " on " + i.node() + ": found " + i.found() + "; " + i.fix()).toList(), e);
        }
        return runtime;
    }

    public void stopRuntime() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    public StatusView status() {
        var s = services.stores();
        return StatusView.read(nodes.config().task(), s.tasks(), s.status(), s.checkpoints(), s.conflicts(), 50,
                Instant.now());
    }

    /** Status, capture states and binlog ends, for a failure message. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (services == null) {
            // The runtime runs in another JVM (or not at all): ask it the way a user would.
            CliRun shown = CliRun.of("status", "-c", nodes.configFile().toString(), "--state-dir",
                    stateDir.toString(), "--sample-ms", "0");
            sb.append(shown.out()).append(shown.err());
        } else {
            try {
                status().render(null).forEach(l -> sb.append(l).append('\n'));
            } catch (RuntimeException e) {
                sb.append("status unavailable: ").append(e).append('\n');
            }
        }
        if (runtime != null) {
            runtime.captureStatus().forEach((d, s) -> sb.append("capture ").append(d.code()).append(": ")
                    .append(s).append('\n'));
        }
        for (Direction d : Direction.values()) {
            sb.append(d.code()).append(": source end ").append(safely(() -> Binlogs.end(source(d))))
                    .append(", applied ").append(safely(() -> appliedPosition(d))).append('\n');
        }
        return sb.toString();
    }

    public MySqlServer source(Direction d) {
        return nodes.node(d.sourceNode());
    }

    public MySqlServer target(Direction d) {
        return nodes.node(d.targetNode());
    }

    /** Source position of the last batch the direction's target applied (from its apply checkpoint). */
    public Optional<BinlogPosition> appliedPosition(Direction d) throws SQLException {
        try (Connection c = target(d).connect()) {
            return ApplyCheckpoints.latest(c, nodes.config().task(), d);
        }
    }

    /**
     * Waits until each direction's target has applied its source's binlog up to where it ends
     * now: every transaction committed so far on either node has arrived on the other.
     */
    public void awaitDrained(Duration timeout) throws SQLException {
        Map<Direction, BinlogPosition> marks = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            marks.put(d, Binlogs.end(source(d)));
        }
        Await.until("both directions to apply their source up to " + marks, timeout,
                () -> notFailed() && marks.entrySet().stream().allMatch(e -> appliedAtLeast(e.getKey(), e.getValue())),
                this::describe);
    }

    /** A FAILED task applies nothing more: waiting longer would only delay the failure. */
    private boolean notFailed() {
        if (services != null && status().task().state() == TaskState.FAILED) {
            throw new AssertionError("the task FAILED while waiting for the drain:\n" + describe());
        }
        return true;
    }

    private boolean appliedAtLeast(Direction d, BinlogPosition mark) {
        try {
            return appliedPosition(d).map(p -> p.compareTo(mark) >= 0).orElse(false);
        } catch (SQLException e) {
            return false;
        }
    }

    public List<TableDiff> verify() throws SQLException {
        return new Verifier(nodes.config(), SecretResolvers.defaults(), 2000).verifyAll();
    }

    public static String differences(List<TableDiff> diffs) {
        return diffs.stream().filter(d -> !d.equal())
                .map(d -> d.table().label() + ": " + d.differences() + " keys differ, e.g. " + d.sampleKeys())
                .collect(Collectors.joining("\n"));
    }

    @FunctionalInterface
    private interface SqlSupplier<T> {
        T get() throws Exception;
    }

    private static String safely(SqlSupplier<?> s) {
        try {
            return String.valueOf(s.get());
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            stopRuntime();
        } finally {
            try {
                if (services != null) {
                    services.close();
                }
            } finally {
                nodes.close();
            }
        }
    }
}
