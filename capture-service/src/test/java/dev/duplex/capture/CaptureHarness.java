package dev.duplex.capture;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoLeaseStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.LeaseStore;
import dev.duplex.core.store.TaskStore;
import dev.duplex.sandbox.AwsEndpoints;
import dev.duplex.sandbox.FifoQueues;
import dev.duplex.sandbox.MySqlServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One source server, the AWS emulators, the DynamoDB tables and, per task, a FIFO queue: what a
 * capture IT needs. Tasks get unique names so the tests of a class can share the server.
 */
final class CaptureHarness implements AutoCloseable {
    private static final AtomicInteger TASKS = new AtomicInteger();

    final MySqlServer db;
    final AwsEndpoints aws;
    final StoreTables tables;
    final Path passwordFile;
    /** Node b password files of tasks with a real node b: deleted with the harness, as passwordFile is. */
    private final List<Path> nodeBPasswordFiles = new CopyOnWriteArrayList<>();
    final String tablePrefix;

    CaptureHarness(MySqlServer db) {
        this.db = db;
        this.aws = AwsEndpoints.forTests();
        this.tablePrefix = "cap" + ProcessHandle.current().pid() + "-" + TASKS.incrementAndGet() + "-";
        this.tables = StoreTables.withPrefix(tablePrefix);
        TableSetup.createIfMissing(aws.dynamo(), tables);
        try {
            passwordFile = Files.createTempFile("duplex-capture-it", ".pw");
            Files.writeString(passwordFile, db.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new task name, its queue and its config over the given objects. */
    Task task(String prefix, String objects) {
        return task(prefix, objects, "");
    }

    /** Like {@link #task(String, String)}, with more top-level YAML (e.g. a sync section). */
    Task task(String prefix, String objects, String extraYaml) {
        return task(prefix, objects, extraYaml, "{host: 127.0.0.1, port: 3306, user: duplex, password: env:UNUSED, tls: disabled}");
    }

    /** Like {@link #task(String, String, String)}, with node b a real server (full sync written into it). */
    Task task(String prefix, String objects, String extraYaml, MySqlServer b) {
        try {
            Path pw = Files.createTempFile("duplex-capture-it-b", ".pw");
            nodeBPasswordFiles.add(pw);
            Files.writeString(pw, b.password());
            return task(prefix, objects, extraYaml, "{host: %s, port: %d, user: %s, password: \"file:%s\", tls: disabled}"
                    .formatted(b.host(), b.port(), b.user(), pw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Task task(String prefix, String objects, String extraYaml, String nodeB) {
        String name = prefix + "-" + TASKS.incrementAndGet();
        String yaml = """
                task: %s
                nodes:
                  a: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                  b: %s
                heartbeatSeconds: 1
                %s
                objects:
                %s
                """.formatted(name, db.host(), db.port(), db.user(), passwordFile, nodeB, extraYaml, objects.indent(2));
        String url = FifoQueues.create(aws.sqs(), QueueNames.baseName(name, Direction.A2B), 5, Duration.ofSeconds(30)).url();
        return new Task(name, yaml, TaskConfigLoader.parse(yaml, TaskConfigLoader.Format.YAML), url);
    }

    record Task(String name, String yaml, TaskConfig config, String queueUrl) {}

    CaptureResources resources() {
        Clock clock = Clock.systemUTC();
        return new CaptureResources(aws.sqs(), tasks(), checkpoints(), leases(), SecretResolvers.defaults(), clock);
    }

    TaskStore tasks() {
        return new DynamoTaskStore(aws.dynamo(), tables, Clock.systemUTC());
    }

    CheckpointStore checkpoints() {
        return new DynamoCheckpointStore(aws.dynamo(), tables);
    }

    LeaseStore leases() {
        return new DynamoLeaseStore(aws.dynamo(), tables, Clock.systemUTC());
    }

    /**
     * Settings of a capture of {@code node}, the task stored first as whoever starts a capture does
     * (the capture runs and follows the stored task).
     */
    CaptureSettings.Builder settings(Task task, String node, String queueUrl) {
        if (tasks().get(task.name()).isEmpty()) {
            tasks().put(task.name(), task.yaml());
        }
        return CaptureSettings.builder(task.config(), node, queueUrl);
    }

    /** A started in-process capture of node a. */
    CaptureService capture(Task task, Consumer<CaptureSettings.Builder> tweaks) {
        CaptureSettings.Builder b = settings(task, "a", task.queueUrl());
        tweaks.accept(b);
        CaptureService service = new CaptureService(b.build(), resources());
        service.start();
        return service;
    }

    QueueDrain drain(Task task) {
        return new QueueDrain(aws.sqs(), task.queueUrl());
    }

    void sql(String... statements) {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** The source's current binlog position (end of its last transaction). */
    BinlogPosition position() {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new IllegalStateException("SHOW MASTER STATUS is empty: binlog is off");
            }
            return new BinlogPosition(rs.getString(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new IllegalStateException("SHOW MASTER STATUS failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        aws.close();
        db.close();
        nodeBPasswordFiles.add(passwordFile);
        for (Path file : nodeBPasswordFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file is harmless.
            }
        }
    }
}
