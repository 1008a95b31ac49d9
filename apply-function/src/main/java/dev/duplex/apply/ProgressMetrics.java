package dev.duplex.apply;

import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.metrics.MetricNames;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.StatusProgress;
import java.util.ArrayList;
import java.util.List;

/**
 * A status write as CloudWatch metrics (EMF): the same figures as the status item, so the alarms
 * and the dashboard see what {@code duplex status} shows; the latency raised for a message group
 * that stopped applying when {@link #watch watched}. Called by one status write at a time.
 */
final class ProgressMetrics {
    private final EmfMetrics metrics;
    private final String task;
    private final Direction direction;
    private volatile OverdueGroups overdue; // null: the latency is what this instance measured

    ProgressMetrics(EmfMetrics metrics, String task, Direction direction) {
        this.metrics = metrics;
        this.task = task;
        this.direction = direction;
    }

    void watch(OverdueGroups groups) {
        overdue = groups;
    }

    void emit(StatusProgress p) {
        List<EmfMetrics.Metric> values = new ArrayList<>(List.of(
                EmfMetrics.Metric.count(MetricNames.ROWS_APPLIED, p.rowsDelta()),
                EmfMetrics.Metric.count(MetricNames.BATCHES_APPLIED, p.batchesDelta()),
                EmfMetrics.Metric.count(MetricNames.CONFLICTS, p.conflictsDelta())));
        OverdueGroups watched = overdue;
        long latency = watched == null ? p.maxLatencyMillis() : watched.latency(p.maxLatencyMillis(), p.at());
        if (latency >= 0) {
            values.add(new EmfMetrics.Metric(MetricNames.LATENCY, EmfMetrics.Unit.MILLISECONDS, latency));
        }
        metrics.emit(task, direction, values);
    }
}
