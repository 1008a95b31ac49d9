package dev.duplex.capture.verify;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.VerifyResult;
import dev.duplex.core.thread.ThreadWorker;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the pair every {@code verify.schedule} ({@link dev.duplex.core.config.VerifyOptions}) while
 * the task runs: a {@link Verifier} pass with the re-check after the replication delay, recorded in
 * the status store for {@code duplex status}, and reported as the metric {@value #METRIC_NAME} (keys
 * that differ) for the alarm. Node a's capture container runs it while it leads; {@code duplex local}
 * runs it too. The next run is due one schedule after the last recorded one, so a restart does not
 * verify again at once.
 */
public final class ScheduledVerification extends ThreadWorker {
    /** The metric's name; infra/test/check_infra.py reads it from here. */
    public static final String METRIC_NAME = "VerifyDifferences";
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledVerification.class);
    private static final Duration RECHECK_WITHIN = Duration.ofMinutes(2);
    private static final int SHOWN = 10;

    private final TaskConfig config;
    private final SecretResolver secrets;
    private final StatusStore status;
    private final BooleanSupplier active;
    private final EmfMetrics metrics;
    private final Clock clock;
    /** When the next run is due; read from the last recorded run once, then kept here. */
    private Instant next;

    /**
     * @param active whether to verify now: this process leads and the task is RUNNING (not while the
     *               initial load runs, when the nodes differ by design)
     */
    public ScheduledVerification(TaskConfig config, SecretResolver secrets, StatusStore status, BooleanSupplier active,
                                 EmfMetrics metrics, Clock clock) {
        super("verify-" + config.task());
        this.config = config;
        this.secrets = secrets;
        this.status = status;
        this.active = active;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected void work() {
        Duration every = config.verify().every().orElseThrow();
        while (!stopping()) {
            try {
                if (due(every) && active.getAsBoolean()) {
                    runOnce();
                    next = clock.instant().plus(every);
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("task={} scheduled verification: {}; trying again at the next check", config.task(),
                        ErrorText.of(e));
            }
        }
    }

    private boolean due(Duration every) {
        if (next == null) {
            next = status.lastVerification(config.task()).map(r -> r.at().plus(every)).orElse(Instant.EPOCH);
        }
        return !next.isAfter(clock.instant());
    }

    /** One verification, recorded and reported; its result. */
    public VerifyResult runOnce() {
        Instant started = clock.instant();
        VerifyResult result;
        try {
            Verifier.Outcome o = new Verifier(config, secrets, config.verify().chunkRows())
                    .parallelism(config.verify().parallel()).recheck(RECHECK_WITHIN).verify();
            long rows = o.tables().stream().mapToLong(TableDiff::rowsA).sum();
            List<String> differing = o.tables().stream().filter(d -> !d.equal()).limit(SHOWN)
                    .map(d -> d.table().label() + ": " + d.differences() + " keys, e.g. " + d.sampleKeys(3)).toList();
            result = new VerifyResult(started, o.tables().size(), rows, o.differences(),
                    Duration.between(started, clock.instant()).toMillis() / 1000.0, differing,
                    o.notRechecked().map(why -> "not re-checked: " + why).orElse(""));
            metrics.emitTask(config.task(), List.of(EmfMetrics.Metric.count(METRIC_NAME, o.differences())));
            if (o.differences() > 0) {
                LOG.warn("task={} scheduled verification: {} keys differ between the nodes ({}); repair with duplex"
                        + " verify --repair", config.task(), o.differences(), String.join("; ", differing));
            } else {
                LOG.info("task={} scheduled verification: {} tables, {} rows identical", config.task(),
                        o.tables().size(), rows);
            }
        } catch (SQLException | RuntimeException e) {
            result = new VerifyResult(started, 0, 0, -1, Duration.between(started, clock.instant()).toMillis() / 1000.0,
                    List.of(), "failed: " + ErrorText.of(e));
            LOG.warn("task={} scheduled verification failed: {}", config.task(), ErrorText.of(e));
        }
        status.recordVerification(config.task(), result);
        return result;
    }
}
