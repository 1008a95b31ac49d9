package dev.duplex.capture;

import dev.duplex.core.store.CheckpointStore;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for a rewind {@code duplex task recover} left for this capture while it streams, and stops
 * the session when one appears: the next session adopts it (see {@link LeasedCapture}).
 */
final class RewindWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RewindWatcher.class);
    static final Duration EVERY = Duration.ofSeconds(2);

    private final CaptureSettings settings;
    private final CheckpointStore checkpoints;
    private final Runnable onRequest;
    private volatile boolean stopping;
    private Thread thread;

    RewindWatcher(CaptureSettings settings, CheckpointStore checkpoints, Runnable onRequest) {
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.onRequest = onRequest;
    }

    void start() {
        thread = new Thread(this::run, "rewind-watch-" + settings.task() + "-" + settings.node());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
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

    void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
