package dev.duplex.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.QueueGauge;
import dev.duplex.cli.local.StatusDocument;
import dev.duplex.cli.local.StatusView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the status every second, as {@code duplex status} does (the same {@link StatusDocument},
 * rates between consecutive readings), and keeps the latest document and the history the charts draw.
 */
final class StatusSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusSampler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ten minutes of one-second samples. */
    static final int HISTORY = 600;

    private final String task;
    private final LocalServices services;
    private final QueueGauge queues;
    private final StatusHistory history = new StatusHistory(HISTORY);
    private final ScheduledExecutorService timer;
    private StatusView previous;
    private volatile ObjectNode latest;

    StatusSampler(String task, LocalServices services, Duration every) {
        this.task = task;
        this.services = services;
        this.queues = QueueGauge.of(services);
        this.latest = waiting(task, "starting");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("dashboard-sampler").unstarted(r));
        timer.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            var s = services.stores();
            Instant now = Instant.now();
            StatusView view = StatusView.read(task, s.tasks(), s.status(), s.checkpoints(), s.conflicts(),
                    s.snapshots(), 10, now);
            ObjectNode doc = new StatusDocument(previous, view, queues.read(now)).toJson();
            previous = view;
            history.add(now.toEpochMilli(), doc);
            latest = doc;
        } catch (IllegalStateException e) {
            latest = waiting(task, e.getMessage()); // the task is not stored yet: the runtime is starting
        } catch (RuntimeException e) {
            LOG.warn("dashboard: reading the status of task {} failed: {}", task, e.toString());
        }
    }

    private static ObjectNode waiting(String task, String why) {
        ObjectNode o = JSON.createObjectNode();
        o.put("task", task);
        o.putNull("state");
        o.put("reason", why);
        return o;
    }

    /** {@code {"status": <StatusDocument>, "history": {...}}}. */
    String json() {
        ObjectNode o = JSON.createObjectNode();
        o.set("status", latest);
        o.set("history", history.toJson());
        return o.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
