package dev.duplex.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.model.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the local pollers know about the head of their queue: SQS has no "age of the oldest
 * message" attribute (AWS gives it only as a CloudWatch metric, ElasticMQ not at all), so the
 * poller records the SentTimestamp of the oldest message of the batch it is applying. In a FIFO
 * message group the messages in flight are the group's oldest, so that age is a lower bound of
 * the queue's oldest message age (another group could hold an older one).
 *
 * <p>Other processes ({@code duplex status}) read the figures from a file the runtime rewrites
 * every half second while it runs.
 */
public final class QueueHeads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueueHeads.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A file not rewritten for this long belongs to a runtime that stopped or hangs: not trusted. */
    static final Duration STALE = Duration.ofSeconds(5);

    /**
     * One direction's head.
     *
     * @param inHandSentMillis SentTimestamp of the oldest message the poller is applying now, -1 when it holds none
     * @param lastReceivedMillis when the poller last received messages, -1 if never
     * @param lastWaitMillis how long the oldest message of that receive had waited in the queue, -1 if never
     */
    public record Head(long inHandSentMillis, long lastReceivedMillis, long lastWaitMillis) {
        static final Head NONE = new Head(-1, -1, -1);
    }

    /** The file's content: both heads and when they were written. */
    record Published(long writtenMillis, Map<String, Head> heads) {}

    private final Map<Direction, Head> heads = new EnumMap<>(Direction.class);
    private final Clock clock;
    private ScheduledExecutorService publisher;
    private Path file;

    public QueueHeads(Clock clock) {
        this.clock = clock;
        for (Direction d : Direction.values()) {
            heads.put(d, Head.NONE);
        }
    }

    /** The poller received a batch whose oldest message was sent at {@code oldestSent}. */
    public synchronized void received(Direction d, Instant oldestSent) {
        long now = clock.millis();
        heads.put(d, new Head(oldestSent.toEpochMilli(), now, Math.max(0, now - oldestSent.toEpochMilli())));
    }

    /** The poller is done with its batch (deleted, or left to the visibility time-out). */
    public synchronized void finished(Direction d) {
        Head h = heads.get(d);
        heads.put(d, new Head(-1, h.lastReceivedMillis(), h.lastWaitMillis()));
    }

    public synchronized Head head(Direction d) {
        return heads.get(d);
    }

    /** Rewrites {@code target} every 500 ms until closed, then deletes it. */
    public synchronized void publishTo(Path target) {
        this.file = target;
        publisher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("queue-heads").unstarted(r));
        publisher.scheduleWithFixedDelay(this::write, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void write() {
        Map<String, Head> copy = new TreeMap<>();
        synchronized (this) {
            heads.forEach((d, h) -> copy.put(d.code(), h));
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), new Published(clock.millis(), copy));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write {}: {} (duplex status shows no oldest message age meanwhile)", file, e.toString());
        }
    }

    /**
     * The heads a running runtime published, if its file is fresh.
     *
     * @return empty when there is no file or it is older than {@link #STALE}
     */
    public static Optional<Map<Direction, Head>> readPublished(Path file, Instant now) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Published p = JSON.readValue(file.toFile(), Published.class);
            if (now.toEpochMilli() - p.writtenMillis() > STALE.toMillis()) {
                return Optional.empty();
            }
            Map<Direction, Head> out = new EnumMap<>(Direction.class);
            p.heads().forEach((code, h) -> out.put(Direction.ofCode(code), h));
            return Optional.of(out);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (publisher == null) {
            return;
        }
        publisher.shutdownNow();
        try {
            publisher.awaitTermination(2, TimeUnit.SECONDS); // a write under way must not recreate the file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.toString());
        }
    }
}
