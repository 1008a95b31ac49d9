package dev.duplex.capture;

import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.thread.ThreadWorker;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for a rewind {@code duplex task recover} left for this capture while it streams, and stops
 * the session when one appears: the next session adopts it (see {@link LeasePeriod}).
 */
final class RewindWatcher extends ThreadWorker {
    private static final Logger LOG = LoggerFactory.getLogger(RewindWatcher.class);
    static final Duration EVERY = Duration.ofSeconds(2);

    private final CaptureSettings settings;
    private final CheckpointStore checkpoints;
    private final Runnable onRequest;

    RewindWatcher(CaptureSettings settings, CheckpointStore checkpoints, Runnable onRequest) {
        super("rewind-watch-" + settings.task() + "-" + settings.node());
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.onRequest = onRequest;
    }

    @Override
    protected void work() {
        while (!stopping()) {
            try {
                Thread.sleep(EVERY.toMillis());
                if (checkpoints.rewindRequest(settings.task(), settings.direction()).isPresent()) {
                    onRequest.run();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The store is down: the session meets it too; the next look may succeed.
                LOG.debug("task={} dir={} cannot look for a rewind request: {}", settings.task(),
                        settings.direction().code(), e.toString());
            }
        }
    }
}
