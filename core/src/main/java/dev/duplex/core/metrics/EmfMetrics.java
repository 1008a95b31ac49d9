package dev.duplex.core.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duplex.core.model.Direction;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes metrics as CloudWatch Embedded Metric Format: one JSON object per line, which
 * CloudWatch Logs turns into metrics when the line is a whole log event (Lambda's stdout, the
 * awslogs driver of the capture container). No SDK call, no batching thread.
 *
 * <p>The lines go to stdout, not through a logger, because a log pattern's prefix would stop
 * CloudWatch from recognizing them. Off unless asked for ({@code DUPLEX_METRICS=emf}), so the
 * local runtime's console stays readable.
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "Duplex";
    public static final String ENV = "DUPLEX_METRICS";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmfMetrics DISABLED = new EmfMetrics(null, Clock.systemUTC());

    /** CloudWatch units Duplex uses. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds"), SECONDS("Seconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    /** One value of one metric. */
    public record Metric(String name, Unit unit, double value) {
        public Metric {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metric " + name + " needs a finite value, got " + value);
            }
        }

        public static Metric count(String name, long value) {
            return new Metric(name, Unit.COUNT, value);
        }
    }

    private final Consumer<String> sink;
    private final Clock clock;

    private EmfMetrics(Consumer<String> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public static EmfMetrics disabled() {
        return DISABLED;
    }

    /** Each emission is one line handed to {@code sink}. */
    public static EmfMetrics to(Consumer<String> sink, Clock clock) {
        return new EmfMetrics(Objects.requireNonNull(sink, "sink"), clock);
    }

    /** stdout when {@code DUPLEX_METRICS=emf}, else disabled. */
    public static EmfMetrics fromEnvironment(Function<String, String> env, Clock clock) {
        String mode = env.apply(ENV);
        if (mode == null || mode.isBlank() || mode.equalsIgnoreCase("off")) {
            return DISABLED;
        }
        if (!mode.trim().equalsIgnoreCase("emf")) {
            throw new IllegalArgumentException(ENV + "='" + mode + "' is not supported: use emf, or off");
        }
        PrintStream out = System.out;
        return to(out::println, clock);
    }

    public boolean enabled() {
        return sink != null;
    }

    /** Emits the metrics of one task and direction as one line; nothing when disabled or empty. */
    public void emit(String task, Direction direction, List<Metric> metrics) {
        if (sink == null || metrics.isEmpty()) {
            return;
        }
        sink.accept(line(task, direction, metrics, clock.millis()));
    }

    /** Emits task-wide metrics (dimension Task alone) as one line; nothing when disabled or empty. */
    public void emitTask(String task, List<Metric> metrics) {
        if (sink == null || metrics.isEmpty()) {
            return;
        }
        sink.accept(line(task, null, metrics, clock.millis()));
    }

    /** @param direction null for a task-wide metric */
    static String line(String task, Direction direction, List<Metric> metrics, long epochMillis) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", epochMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions").addArray().add("Task");
        ArrayNode definitions = directive.putArray("Metrics");
        root.put("Task", task);
        if (direction != null) {
            dimensions.add("Direction");
            root.put("Direction", direction.code());
        }
        for (Metric m : metrics) {
            if (root.has(m.name())) {
                throw new IllegalArgumentException("metric " + m.name() + " appears twice in one emission");
            }
            definitions.addObject().put("Name", m.name()).put("Unit", m.unit().cloudWatchName());
            if (m.value() == Math.rint(m.value()) && Math.abs(m.value()) < 1e15) {
                root.put(m.name(), (long) m.value());
            } else {
                root.put(m.name(), Double.parseDouble(String.format(Locale.ROOT, "%.3f", m.value())));
            }
        }
        return root.toString();
    }
}
