package dev.duplex.capture;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Command-line options of {@link CaptureMain}, each also readable from the environment: option
 * {@code --queue-url} is variable {@code DUPLEX_QUEUE_URL}. The command line wins.
 */
final class MainOptions {
    static final String USAGE = """
            usage: java -jar duplex-capture.jar --config task.yaml --node a|b [options]
              --config PATH              task configuration file (.yaml/.yml/.json); or DUPLEX_CONFIG_TEXT with the document
              --task NAME                without --config: read the task's configuration from the task table
              --node a|b                 the node this capture reads
              --queue-url URL            the direction's FIFO queue (default: looked up by name duplex-<task>-<dir>.fifo)
              --sqs-endpoint URI         SQS endpoint override (ElasticMQ, LocalStack)
              --dynamodb-endpoint URI    DynamoDB endpoint override (DynamoDB Local)
              --region NAME              AWS region (default: AWS_REGION, else us-east-1)
              --table-prefix PREFIX      DynamoDB table name prefix (default duplex-)
              --create-tables true       create the DynamoDB tables if missing (local runtime)
              --health-port N            health endpoint port (default 8080; 0 picks a free port; -1 disables)
              --health-address ADDR      address the health endpoint listens on (default: loopback, 127.0.0.1)
              --owner ID                 lease owner id (default host:pid:random)
              --retry-window-seconds N   override the task's retry window
              --lease-ttl-seconds N      lease lifetime (default 15)
              --lease-renew-seconds N    lease renewal period (default 5)
              --lease-poll-seconds N     how often a standby tries the lease (default 2)
              --max-batch-bytes N        largest message body (default 921600)
              --linger-ms N              batch linger time (default 20)
              --heartbeat-ms N           heartbeat period (default: the task's heartbeatSeconds)
              --start-position FILE:POS  where to start without a checkpoint, or to rewind to
              --a2b-mapping UUID         node a only: the a2b apply function's SQS event source mapping, switched
              --b2a-mapping UUID         off while the task is paused, failed or holds the direction (and the b2a one)
              --lambda-endpoint URI      Lambda endpoint override (an emulator)
              --coordinate false         node a coordinates the task's lifecycle (schema sync, full sync, mappings)
                                         unless this says false
            every option can also be given as an environment variable: --queue-url is DUPLEX_QUEUE_URL
            DUPLEX_METRICS=emf writes CloudWatch metrics (EMF lines) to stdout every 10 s
            """;

    private final Map<String, String> values = new HashMap<>();
    private final Function<String, String> env;

    private MainOptions(Function<String, String> env) {
        this.env = env;
    }

    static MainOptions parse(String[] args, Function<String, String> env) {
        MainOptions o = new MainOptions(env);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            o.values.put(name, value);
        }
        return o;
    }

    Optional<String> get(String name) {
        String v = values.get(name);
        if (v == null) {
            v = env.apply("DUPLEX_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    String require(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }

    Optional<Long> number(String name) {
        return get(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'");
            }
        });
    }
}
