package dev.duplex.capture;

import dev.duplex.capture.publish.Backoff;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pause before a capture's next binlog session after a failure: growing from the task's
 * reconnect settings while the failures go on, started over by a session that made progress, and
 * none at all once failures have lasted longer than the retry window (the task then stops).
 */
final class SessionRetries {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRetries.class);

    private final CaptureSettings settings;
    private final CaptureMetrics metrics;
    private final Clock clock;
    private final Backoff backoff;
    /** When the current run of failures began; null while healthy. */
    private Instant failingSince;
    private int attempt;

    SessionRetries(CaptureSettings settings, CaptureMetrics metrics, Clock clock) {
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.backoff = new Backoff(settings.reconnectInitial(), settings.reconnectMax());
    }

    /**
     * The pause before the next session after {@code failure}.
     *
     * @param progressed the failed session published something: the failures start over
     * @param position   where the capture stands, for the log
     * @throws DuplexException the failure itself when retrying cannot help, or a fatal one once
     *                         failures have lasted longer than the retry window
     */
    Duration delayAfter(DuplexException failure, boolean progressed, String position) {
        if (!ErrorClassifier.isRetriable(failure)) {
            throw failure;
        }
        Instant now = clock.instant();
        if (failingSince == null || progressed) {
            failingSince = now;
            attempt = 0;
        }
        Duration down = Duration.between(failingSince, now);
        if (down.compareTo(settings.retryWindow()) > 0) {
            throw new FatalException("gave up after failing for " + down.toSeconds() + " s, longer than the task's retry "
                    + "window (" + settings.retryWindow().toSeconds() + " s): " + ErrorText.of(failure)
                    + " (fix the cause, then restart the task)", failure.position(), failure.mysqlErrorCode(), failure);
        }
        Duration delay = backoff.delay(attempt++);
        String shown = ErrorText.of(failure);
        metrics.state(CaptureStatus.State.RECONNECTING, shown);
        LOG.warn("task={} dir={} pos={} {}; reconnecting from the checkpoint in {} ms", settings.task(),
                settings.direction().code(), position, shown, delay.toMillis());
        return delay;
    }
}
