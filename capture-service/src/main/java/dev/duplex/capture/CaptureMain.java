package dev.duplex.capture;

import dev.duplex.aws.AwsClients;
import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoLeaseStore;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.thread.Wakeup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The container form: {@code java -jar duplex-capture.jar --config task.yaml --node a}. Runs until
 * SIGTERM (graceful: the lease is released) or until the capture fails (exit status 1).
 */
public final class CaptureMain {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureMain.class);
    /** Held so the level sticks: the binlog library logs every (re)connect at INFO through java.util.logging. */
    private static final java.util.logging.Logger BINLOG_LIBRARY =
            java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

    private CaptureMain() {}

    public static void main(String[] args) {
        BINLOG_LIBRARY.setLevel(Level.WARNING);
        System.exit(start(args, System::getenv, System.out, System.err));
    }

    /**
     * Parses the options and runs; the exit status: 2 for options that cannot be used (an unknown
     * one, a stray argument, a bad value), named on {@code err}; 0 after --help.
     */
    static int start(String[] args, Function<String, String> env, PrintStream out, PrintStream err) {
        MainOptions options;
        try {
            options = MainOptions.parse(args, env);
        } catch (CommandLine.ParameterException e) {
            List<String> close = e instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions() : List.of();
            err.println(e.getMessage() + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                    + " (see --help)");
            return 2;
        }
        if (options.help) {
            out.print(MainOptions.usage());
            return 0;
        }
        return run(options);
    }

    static int run(MainOptions o) {
        String document;
        try {
            document = configDocument(o);
            TaskConfigLoader.parse(document);
        } catch (RuntimeException e) {
            System.err.println("cannot load the task configuration: " + e.getMessage());
            return 2;
        }
        InetAddress healthAddress;
        try {
            healthAddress = healthAddress(o);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (see --help)");
            return 2;
        }
        Region region = region(o);
        try (SqsClient sqs = SqsClients.create(MainOptions.given(o.sqsEndpoint).map(URI::create), region);
             DynamoDbClient dynamo = AwsClients.dynamo(MainOptions.given(o.dynamodbEndpoint).map(URI::create), region)) {
            String node = o.requireNode();
            Direction direction = Direction.fromSource(node);
            StoreTables tables = tables(o);
            if (Boolean.TRUE.equals(o.createTables)) {
                TableSetup.createIfMissing(dynamo, tables);
            }
            Clock clock = Clock.systemUTC();
            DynamoTaskStore tasks = new DynamoTaskStore(dynamo, tables, clock);
            TaskConfig config = stored(tasks, document);
            String queueUrl = MainOptions.given(o.queueUrl).orElseGet(() ->
                    sqs.getQueueUrl(b -> b.queueName(QueueNames.fifoName(config.task(), direction))).queueUrl());
            CaptureSettings settings = settings(o, config, node, queueUrl);
            Wakeup wakeup = new Wakeup(); // the copy's end wakes the coordinator
            DynamoStatusStore status = new DynamoStatusStore(dynamo, tables);
            CaptureResources resources = new CaptureResources(sqs, tasks,
                    new DynamoCheckpointStore(dynamo, tables), new DynamoLeaseStore(dynamo, tables, clock),
                    SecretResolvers.defaults(), clock, new DynamoSnapshotStore(dynamo, tables), null, wakeup::wake,
                    status);
            CaptureService service = new CaptureService(settings, resources);
            try (Coordination coordination = Coordination.forNode(o, config, resources, service, region, status,
                    wakeup)) {
                return runService(service, healthAddress, o.healthPort == null ? 8080 : o.healthPort,
                        coordination);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + " (see --help)");
            return 2;
        }
    }

    private static StoreTables tables(MainOptions o) {
        return StoreTables.withPrefix(MainOptions.given(o.tablePrefix).orElse(StoreTables.DEFAULT_PREFIX));
    }

    /**
     * The task as the task table holds it, which is what the capture runs and follows. A task given
     * by --config that is not stored yet is stored; one stored with another document runs as stored.
     */
    static TaskConfig stored(TaskStore tasks, String document) {
        TaskConfig given = TaskConfigLoader.parse(document);
        Optional<TaskRecord> stored = tasks.get(given.task());
        if (stored.isEmpty()) {
            TaskRecord rec = tasks.put(given.task(), document);
            LOG.info("task={} stored from the given configuration (version {})", given.task(), rec.version());
            return given;
        }
        if (!stored.get().config().equals(document)) {
            LOG.warn("task={} the given configuration differs from the stored version {}: the capture runs the stored "
                    + "one and follows its later versions (change it with duplex task put)", given.task(),
                    stored.get().version());
        }
        return TaskConfigLoader.parse(stored.get().config());
    }

    private static Region region(MainOptions o) {
        return Region.of(MainOptions.given(o.region).or(() -> MainOptions.given(System.getenv("AWS_REGION")))
                .orElse("us-east-1"));
    }

    /**
     * Where the health endpoint listens: the loopback address unless {@code --health-address}
     * (DUPLEX_HEALTH_ADDRESS) names another, e.g. 0.0.0.0 for a check from outside the container.
     */
    static InetAddress healthAddress(MainOptions o) {
        Optional<String> text = MainOptions.given(o.healthAddress);
        if (text.isEmpty()) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(text.get().strip());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--health-address must be an address of this host, such as 127.0.0.1"
                    + " (the default) or 0.0.0.0; got '" + text.get() + "'");
        }
    }

    private static int runService(CaptureService service, InetAddress healthAddress, int healthPort,
                                  Coordination coordination) {
        HealthServer health = null;
        EmfMetrics metrics = EmfMetrics.fromEnvironment(System::getenv, Clock.systemUTC());
        CaptureMetricsReporter reporter = new CaptureMetricsReporter(service::status, metrics, Duration.ofSeconds(10));
        try {
            if (healthPort >= 0) {
                health = new HealthServer(healthAddress, healthPort, service::status);
                health.start();
                LOG.info("task={} dir={} health endpoint on {}:{}", service.settings().task(),
                        service.settings().direction().code(), health.address().getHostAddress(), health.port());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.stop();
                try {
                    service.awaitStop(Duration.ofSeconds(20));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "capture-shutdown"));
            service.start();
            coordination.start();
            if (metrics.enabled()) {
                reporter.start();
            }
            service.awaitStop(Duration.ofDays(36500));
            coordination.finish();
            return service.failure().isPresent() ? 1 : 0;
        } catch (IOException e) {
            System.err.println("cannot open the health endpoint on " + healthAddress.getHostAddress() + ":" + healthPort
                    + ": " + e.getMessage() + " (fix: another --health-port, or a --health-address of this host)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            reporter.stop();
            if (health != null) {
                health.close();
            }
        }
    }

    private static String configDocument(MainOptions o) {
        Optional<String> text = MainOptions.given(o.configText);
        if (text.isPresent()) {
            return text.get();
        }
        if (MainOptions.given(o.config).isEmpty() && MainOptions.given(o.task).isPresent()) {
            return storedConfig(o, o.task);
        }
        Path path = Path.of(MainOptions.given(o.config).orElseThrow(() -> new IllegalArgumentException(
                "--config is required (or --task to read the stored task, or DUPLEX_CONFIG_TEXT)")));
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** On AWS the task's document lives in the task table (duplex task put), as the apply function reads it. */
    private static String storedConfig(MainOptions o, String task) {
        StoreTables tables = tables(o);
        try (DynamoDbClient dynamo = AwsClients.dynamo(MainOptions.given(o.dynamodbEndpoint).map(URI::create),
                region(o))) {
            return new DynamoTaskStore(dynamo, tables, Clock.systemUTC()).get(task)
                    .orElseThrow(() -> new IllegalArgumentException("task '" + task + "' is not in table " + tables.tasks()
                            + ": store it first (duplex task put -c task.yaml), or pass --config"))
                    .config();
        }
    }

    static CaptureSettings settings(MainOptions o, TaskConfig config, String node, String queueUrl) {
        CaptureSettings.Builder b = CaptureSettings.builder(config, node, queueUrl);
        MainOptions.given(o.owner).ifPresent(b::owner);
        Optional.ofNullable(o.retryWindowSeconds).ifPresent(v -> b.retryWindow(Duration.ofSeconds(v)));
        Optional.ofNullable(o.leaseTtlSeconds).ifPresent(v -> b.leaseTtl(Duration.ofSeconds(v)));
        Optional.ofNullable(o.leaseRenewSeconds).ifPresent(v -> b.leaseRenewEvery(Duration.ofSeconds(v)));
        Optional.ofNullable(o.leasePollSeconds).ifPresent(v -> b.leasePollEvery(Duration.ofSeconds(v)));
        Optional.ofNullable(o.maxBatchBytes).ifPresent(b::maxBatchBytes);
        Optional.ofNullable(o.lingerMs).ifPresent(v -> b.linger(Duration.ofMillis(v)));
        Optional.ofNullable(o.backlogLingerMs).ifPresent(v -> b.backlogLinger(Duration.ofMillis(v)));
        Optional.ofNullable(o.heartbeatMs).ifPresent(v -> b.heartbeatInterval(Duration.ofMillis(v)));
        MainOptions.given(o.startPosition).ifPresent(v -> b.startOverride(position(v)));
        return b.build();
    }

    private static BinlogPosition position(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--start-position must look like mysql-bin.000042:1234, got '" + text + "'");
        }
        return new BinlogPosition(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
    }
}
