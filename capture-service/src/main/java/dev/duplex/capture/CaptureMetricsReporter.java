package dev.duplex.capture;

import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.metrics.EmfMetrics.Metric;
import dev.duplex.core.metrics.MetricNames;
import dev.duplex.core.model.Direction;
import dev.duplex.core.thread.StoppableThread;
import dev.duplex.core.thread.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a capture's figures as CloudWatch metrics (EMF) at a fixed period: batches,
 * transactions and one-sided row removals since the last report, the lag, and
 * {@code CaptureRunning} = 1 while the capture streams (0 otherwise). The "capture not running"
 * alarm fires when that sum stays below 1, which also covers a process that is gone and reports
 * nothing.
 */
public final class CaptureMetricsReporter implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureMetricsReporter.class);

    private final Supplier<CaptureStatus> status;
    private final EmfMetrics metrics;
    private final Duration period;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private long lastBatches;
    private long lastTransactions;
    private long lastRemovals;
    private final StoppableThread thread = StoppableThread.daemon("capture-metrics");

    public CaptureMetricsReporter(Supplier<CaptureStatus> status, EmfMetrics metrics, Duration period) {
        this.status = status;
        this.metrics = metrics;
        this.period = period;
    }

    @Override
    public void start() {
        thread.start(this::run);
    }

    private void run() {
        try {
            while (!stopRequested.await(period.toMillis(), TimeUnit.MILLISECONDS)) {
                reportOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One report; the counters are deltas since the previous one. */
    void reportOnce() {
        CaptureStatus s = status.get();
        try {
            metrics.emit(s.task(), Direction.ofCode(s.direction()), values(s));
        } catch (RuntimeException e) {
            // A metric line must never stop the capture; the alarm notices the silence instead.
            LOG.warn("task={} dir={} pos={} cannot emit capture metrics: {}", s.task(), s.direction(), s.position(),
                    e.toString());
        }
    }

    List<Metric> values(CaptureStatus s) {
        List<Metric> values = new ArrayList<>();
        // Copying a full sync is running as much as streaming is: no capture-not-running alarm for it.
        boolean running = s.state() == CaptureStatus.State.STREAMING || s.state() == CaptureStatus.State.SNAPSHOT;
        values.add(Metric.count(MetricNames.CAPTURE_RUNNING, running ? 1 : 0));
        values.add(Metric.count(MetricNames.BATCHES_SENT, Math.max(0, s.batchesSent() - lastBatches)));
        values.add(Metric.count(MetricNames.TRANSACTIONS_SENT, Math.max(0, s.transactionsSent() - lastTransactions)));
        // Every report, zeros included: the alarm sums an hour of them.
        values.add(Metric.count(MetricNames.ONE_SIDED_REMOVALS, Math.max(0, s.oneSidedRemovals() - lastRemovals)));
        if (s.lagSeconds() >= 0) {
            values.add(new Metric(MetricNames.CAPTURE_LAG, EmfMetrics.Unit.SECONDS, s.lagSeconds()));
        }
        lastBatches = s.batchesSent();
        lastTransactions = s.transactionsSent();
        lastRemovals = s.oneSidedRemovals();
        return values;
    }

    @Override
    public void stop() {
        stopRequested.countDown();
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return thread.awaitStop(timeout);
    }
}
