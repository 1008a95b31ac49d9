package dev.duplex.capture.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.thread.ThreadWorker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports whether the task is FAILED as the CloudWatch metric {@value #METRIC_NAME}: 1 while the
 * stored task state is FAILED, else 0, once at start and then every period, as one Embedded Metric
 * Format line (namespace {@link EmfMetrics#NAMESPACE}, dimension {@code Task} only: it is the task's
 * state, not a direction's). Node a's capture container runs it beside the coordinator; the
 * "task failed" alarm in infra/ fires on it.
 *
 * <p>A report that cannot read the task emits nothing rather than a guess: the alarm ignores
 * missing data (it keeps its state), and a container that is gone is the "capture not running"
 * alarm's to report.
 */
public final class TaskFailedReporter extends ThreadWorker {
    /** The metric's name; infra/test/check_infra.py reads it from here. */
    public static final String METRIC_NAME = "TaskFailed";

    private static final Logger LOG = LoggerFactory.getLogger(TaskFailedReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String task;
    private final Supplier<Optional<TaskState>> state;
    private final Consumer<String> sink;
    private final Clock clock;
    private final Duration period;

    /**
     * @param state the task's stored state (empty when there is no task record)
     * @param sink  takes each EMF line whole (stdout in the container, where the awslogs driver sends it)
     */
    public TaskFailedReporter(String task, Supplier<Optional<TaskState>> state, Consumer<String> sink, Clock clock,
                              Duration period) {
        super("task-failed-metric-" + task);
        this.task = Objects.requireNonNull(task, "task");
        this.state = Objects.requireNonNull(state, "state");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.period = Objects.requireNonNull(period, "period");
    }

    @Override
    protected void work() {
        while (!stopping()) {
            reportOnce();
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One report: the line handed to the sink, or empty when the task could not be read. */
    public Optional<String> reportOnce() {
        Optional<TaskState> s;
        try {
            s = state.get();
        } catch (RuntimeException e) {
            LOG.warn("task={} cannot read the task state for {}: {}", task, METRIC_NAME, e.toString());
            return Optional.empty();
        }
        if (s.isEmpty()) {
            LOG.warn("task={} has no task record: no {} reported", task, METRIC_NAME);
            return Optional.empty();
        }
        String line = line(task, s.get() == TaskState.FAILED, clock.millis());
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            // A metric line must never stop the coordinator's container.
            LOG.warn("task={} cannot emit {}: {}", task, METRIC_NAME, e.toString());
            return Optional.empty();
        }
        return Optional.of(line);
    }

    static String line(String task, boolean failed, long epochMillis) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", epochMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", EmfMetrics.NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Task");
        directive.putArray("Metrics").addObject().put("Name", METRIC_NAME)
                .put("Unit", EmfMetrics.Unit.COUNT.cloudWatchName());
        root.put("Task", task);
        root.put(METRIC_NAME, failed ? 1 : 0);
        return root.toString();
    }
}
