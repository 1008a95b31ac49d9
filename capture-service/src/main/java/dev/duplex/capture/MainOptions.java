package dev.duplex.capture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Command-line options of {@link CaptureMain}, each also readable from the environment: option
 * {@code --queue-url} is variable {@code DUPLEX_QUEUE_URL} (how the container runs on AWS, see
 * infra/). The command line wins; a blank variable counts as unset. An unknown option, a stray
 * argument or a value of the wrong type is refused with a message naming it.
 */
@Command(name = "java -jar duplex-capture.jar", sortOptions = false, usageHelpAutoWidth = true,
        description = "Streams one node's binlog to its direction's FIFO queue.",
        footer = {"Every option can also be given as an environment variable: --queue-url is DUPLEX_QUEUE_URL.",
                "DUPLEX_METRICS=emf writes CloudWatch metrics (EMF lines) to stdout every 10 s."})
final class MainOptions {
    /** Where each option's environment variable is named: DUPLEX_ and the option's name in capitals. */
    static final String ENV_PREFIX = "DUPLEX_";

    @Option(names = "--config", paramLabel = "PATH",
            description = "Task configuration file (.yaml/.yml/.json). Env DUPLEX_CONFIG.")
    String config;
    @Option(names = "--config-text", paramLabel = "TEXT",
            description = "The task configuration document itself, instead of --config. Env DUPLEX_CONFIG_TEXT.")
    String configText;
    @Option(names = "--task", paramLabel = "NAME",
            description = "Without --config: read the task's configuration from the task table. Env DUPLEX_TASK.")
    String task;
    @Option(names = "--node", paramLabel = "a|b", description = "The node this capture reads. Env DUPLEX_NODE.")
    String node;
    @Option(names = "--queue-url", paramLabel = "URL", description = "The direction's FIFO queue (default: looked up "
            + "by name duplex-<task>-<dir>.fifo). Env DUPLEX_QUEUE_URL.")
    String queueUrl;
    @Option(names = "--sqs-endpoint", paramLabel = "URI",
            description = "SQS endpoint override (ElasticMQ, LocalStack). Env DUPLEX_SQS_ENDPOINT.")
    String sqsEndpoint;
    @Option(names = "--dynamodb-endpoint", paramLabel = "URI",
            description = "DynamoDB endpoint override (DynamoDB Local). Env DUPLEX_DYNAMODB_ENDPOINT.")
    String dynamodbEndpoint;
    @Option(names = "--region", paramLabel = "NAME",
            description = "AWS region (default: AWS_REGION, else us-east-1). Env DUPLEX_REGION.")
    String region;
    @Option(names = "--table-prefix", paramLabel = "PREFIX",
            description = "DynamoDB table name prefix (default duplex-). Env DUPLEX_TABLE_PREFIX.")
    String tablePrefix;
    @Option(names = "--create-tables", paramLabel = "true|false", arity = "1",
            description = "Create the DynamoDB tables if missing (local runtime; default false). Env DUPLEX_CREATE_TABLES.")
    Boolean createTables;
    @Option(names = "--health-port", paramLabel = "N", description = "Health endpoint port (default 8080; 0 picks a "
            + "free port; -1 disables). Env DUPLEX_HEALTH_PORT.")
    Integer healthPort;
    @Option(names = "--health-address", paramLabel = "ADDR", description = "Address the health endpoint listens on "
            + "(default: loopback, 127.0.0.1). Env DUPLEX_HEALTH_ADDRESS.")
    String healthAddress;
    @Option(names = "--owner", paramLabel = "ID", description = "Lease owner id (default host:pid:random). Env DUPLEX_OWNER.")
    String owner;
    @Option(names = "--retry-window-seconds", paramLabel = "N",
            description = "Override the task's retry window. Env DUPLEX_RETRY_WINDOW_SECONDS.")
    Long retryWindowSeconds;
    @Option(names = "--lease-ttl-seconds", paramLabel = "N",
            description = "Lease lifetime (default 15). Env DUPLEX_LEASE_TTL_SECONDS.")
    Long leaseTtlSeconds;
    @Option(names = "--lease-renew-seconds", paramLabel = "N",
            description = "Lease renewal period (default 5). Env DUPLEX_LEASE_RENEW_SECONDS.")
    Long leaseRenewSeconds;
    @Option(names = "--lease-poll-seconds", paramLabel = "N",
            description = "How often a standby tries the lease (default 2). Env DUPLEX_LEASE_POLL_SECONDS.")
    Long leasePollSeconds;
    @Option(names = "--max-batch-bytes", paramLabel = "N",
            description = "Largest message body (default 921600). Env DUPLEX_MAX_BATCH_BYTES.")
    Integer maxBatchBytes;
    @Option(names = "--linger-ms", paramLabel = "N", description = "Batch linger time (default 20). Env DUPLEX_LINGER_MS.")
    Long lingerMs;
    @Option(names = "--backlog-linger-ms", paramLabel = "N", description = "Batch linger time while the queue holds a"
            + " backlog (default 250; at most --linger-ms turns it off). Env DUPLEX_BACKLOG_LINGER_MS.")
    Long backlogLingerMs;
    @Option(names = "--heartbeat-ms", paramLabel = "N",
            description = "Heartbeat period (default: the task's heartbeatSeconds). Env DUPLEX_HEARTBEAT_MS.")
    Long heartbeatMs;
    @Option(names = "--start-position", paramLabel = "FILE:POS", description = "Where to start without a checkpoint, "
            + "or to rewind to. Env DUPLEX_START_POSITION.")
    String startPosition;
    @Option(names = "--a2b-mapping", paramLabel = "UUID", description = "Node a only: the a2b apply function's SQS "
            + "event source mapping, switched off while the task is paused, failed or holds the direction. "
            + "Env DUPLEX_A2B_MAPPING.")
    String a2bMapping;
    @Option(names = "--b2a-mapping", paramLabel = "UUID",
            description = "Node a only: the b2a apply function's mapping, likewise. Env DUPLEX_B2A_MAPPING.")
    String b2aMapping;
    @Option(names = "--lambda-endpoint", paramLabel = "URI",
            description = "Lambda endpoint override (an emulator). Env DUPLEX_LAMBDA_ENDPOINT.")
    String lambdaEndpoint;
    @Option(names = "--coordinate", paramLabel = "true|false", arity = "1", description = "Node a coordinates the "
            + "task's lifecycle (schema sync, full sync, mappings) unless this says false. Env DUPLEX_COORDINATE.")
    Boolean coordinate;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /**
     * Parses {@code args}, taking what they leave out from {@code env}.
     *
     * @throws CommandLine.ParameterException naming the unknown option, stray argument or bad value
     */
    static MainOptions parse(String[] args, Function<String, String> env) {
        MainOptions o = new MainOptions();
        CommandLine cl = new CommandLine(o).setDefaultValueProvider(arg -> fromEnvironment(arg, env));
        cl.parseArgs(args);
        return o;
    }

    /** The environment variable of an option: --queue-url is DUPLEX_QUEUE_URL. */
    static String variable(String option) {
        return ENV_PREFIX + option.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String fromEnvironment(ArgSpec arg, Function<String, String> env) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp()) {
            return null;
        }
        String v = env.apply(variable(option.longestName()));
        return v == null || v.isBlank() ? null : v.strip();
    }

    static String usage() {
        StringWriter out = new StringWriter();
        new CommandLine(new MainOptions()).usage(new PrintWriter(out));
        return out.toString();
    }

    /** A text option as given, empty when neither the command line nor the environment sets it. */
    static Optional<String> given(String value) {
        return Optional.ofNullable(value).filter(s -> !s.isBlank());
    }

    String requireNode() {
        return given(node).orElseThrow(() -> new IllegalArgumentException("--node is required (a or b; or DUPLEX_NODE)"));
    }
}
