package dev.duplex.capture;

import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.TaskState;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A capture in its own JVM, started like the container ({@link CaptureMain}) from the test
 * classpath, so a test can kill it with SIGKILL: no shutdown hook, no lease release, nothing
 * flushed.
 */
final class CaptureProcess implements AutoCloseable {
    private static final Pattern STATE = Pattern.compile("\"state\":\"(\\w+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String owner;
    final Path log;
    private final Process process;
    private final int healthPort;

    private CaptureProcess(String owner, Path log, Process process, int healthPort) {
        this.owner = owner;
        this.log = log;
        this.process = process;
        this.healthPort = healthPort;
    }

    static CaptureProcess start(CaptureHarness h, CaptureHarness.Task task, String owner, Path dir, String... extra) {
        startTask(h, task);
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve(task.name() + ".yaml");
            Files.writeString(config, task.yaml());
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                    CaptureMain.class.getName(), "--config", config.toString(), "--node", "a",
                    "--queue-url", task.queueUrl(), "--sqs-endpoint", h.aws.sqsEndpoint().toString(),
                    "--dynamodb-endpoint", h.aws.dynamoEndpoint().toString(), "--region", "us-east-1",
                    "--table-prefix", h.tablePrefix, "--health-port", Integer.toString(port), "--owner", owner));
            cmd.addAll(List.of(extra));
            Path log = dir.resolve(owner + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new CaptureProcess(owner, log, p, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@code duplex task start} does for an incremental task, once: stores it, pins where its
     * capture starts (the source's position now) and sets it RUNNING. A capture of a task never
     * started waits for the start.
     */
    private static void startTask(CaptureHarness h, CaptureHarness.Task task) {
        if (task.config().sync().includes(SyncType.FULL)) {
            throw new IllegalArgumentException("capture processes of the harness run incremental tasks: give the task "
                    + "sync: {types: [incremental]}");
        }
        var tasks = h.tasks();
        if (tasks.get(task.name()).isPresent()) {
            return;
        }
        var stored = tasks.put(task.name(), task.yaml());
        // Node b of the harness's tasks is never read: node a's position stands for both.
        var inspector = new SourceInspector(() -> {
            try {
                return h.db.connect();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reach the harness's server: " + e.getMessage(), e);
            }
        }, h.db.host() + ":" + h.db.port());
        var now = inspector.currentPosition(inspector.check().mariaDb());
        new DynamoSnapshotStore(h.aws.dynamo(), h.tables).save(
                SnapshotState.initial(task.name(), Instant.now())
                        .withPositions(now, now, Instant.now()));
        var checking = tasks.updateState(task.name(), TaskState.PRECHECK, "", stored.version());
        tasks.updateState(task.name(), TaskState.RUNNING, "", checking.version());
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path").replace(';', File.pathSeparatorChar);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The health document ({"state":"..."}), or "" while the endpoint is not up. */
    String health() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort
                    + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    String state() {
        Matcher m = STATE.matcher(health());
        return m.find() ? m.group(1) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void awaitState(String state, Duration timeout) {
        Await.until(() -> state.equals(state()) || !process.isAlive(), timeout,
                () -> owner + " to be " + state + " (health " + health() + ")");
        if (!process.isAlive()) {
            throw new AssertionError(owner + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    /** SIGKILL: the process gets no chance to clean up. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
