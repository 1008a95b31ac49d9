package dev.duplex.capture;

import dev.duplex.capture.assemble.TransactionAssembler;
import dev.duplex.capture.batch.Batcher;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.capture.publish.BatchPublisher;
import dev.duplex.capture.reader.BinlogReader;
import dev.duplex.capture.reader.ReaderItem;
import dev.duplex.capture.reader.ReaderSettings;
import dev.duplex.capture.select.TransactionSelector;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.store.CaptureCheckpoint;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the binlog from a transaction boundary: reader thread, then {@link EventProcessor}
 * thread, then publishing on the caller's thread, with bounded queues in between. It runs until
 * stopped or until any stage fails; then everything not yet published is dropped, and the next
 * session starts again from the last checkpoint, which is what makes a resume never begin in the
 * middle of a transaction.
 */
final class CaptureSession {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureSession.class);
    static final int EVENT_QUEUE = 1024;
    static final int BATCH_QUEUE = 8;

    private final SessionContext ctx;
    private final BlockingQueue<ReaderItem> events = new ArrayBlockingQueue<>(EVENT_QUEUE);
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(BATCH_QUEUE);
    private final AtomicReference<DuplexException> failure = new AtomicReference<>();
    private final BinlogReader reader;
    private final EventProcessor processor;
    private final Consumer<CaptureCheckpoint> onCheckpoint;
    private volatile boolean stopping;
    private volatile boolean progress;

    CaptureSession(SessionContext ctx, ReaderSettings readerSettings, Consumer<CaptureCheckpoint> onCheckpoint) {
        this(ctx, readerSettings, null, onCheckpoint);
    }

    /** @param catchUpUntil the snapshot's end position after a full sync: earlier transactions are catch-up */
    CaptureSession(SessionContext ctx, ReaderSettings readerSettings, BinlogPosition catchUpUntil,
                   Consumer<CaptureCheckpoint> onCheckpoint) {
        this.ctx = ctx;
        this.onCheckpoint = onCheckpoint;
        String id = ctx.task() + "-" + ctx.direction().code();
        this.reader = new BinlogReader(readerSettings, events, "binlog-" + id);
        TransactionAssembler assembler = new TransactionAssembler(readerSettings.from(), ctx.source().mariaDb());
        TableSchemaResolver schemas = new TableSchemaResolver(ctx.catalog(), ctx.collations());
        TransactionSelector selector = new TransactionSelector(ctx.config(), ctx.direction(), schemas,
                ctx.metrics().select);
        this.processor = new EventProcessor(events, batches, assembler, selector,
                new Batcher(ctx.batchSettings(), catchUpUntil),
                this::fail, this::streaming, "process-" + id);
    }

    private void streaming() {
        progress = true;
        ctx.metrics().state(CaptureStatus.State.STREAMING, "");
    }

    /** Whether this session got as far as receiving events: the source was reachable. */
    boolean madeProgress() {
        return progress;
    }

    /**
     * Publishes until stopped (returns) or until a stage fails (throws its failure).
     */
    void run() {
        reader.start();
        processor.start();
        try {
            while (true) {
                DuplexException f = failure.get();
                if (f != null) {
                    throw f;
                }
                if (stopping) {
                    return;
                }
                Batch batch = batches.poll(100, TimeUnit.MILLISECONDS);
                if (batch != null && !stopping) {
                    publish(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown();
        }
    }

    private void publish(Batch batch) {
        BatchPublisher publisher = ctx.publisher();
        try {
            Optional<CaptureCheckpoint> cp = publisher.publish(batch);
            ctx.metrics().published(batch);
            cp.ifPresent(onCheckpoint);
            progress = true;
        } catch (RuntimeException e) {
            fail(Failures.typed(e));
        }
    }

    void fail(DuplexException e) {
        failure.compareAndSet(null, e);
    }

    /** Stops the session; {@code why}, when given, is what {@link #run()} throws. */
    void stop(DuplexException why) {
        if (why != null) {
            fail(why);
        }
        stopping = true;
        reader.stop();
        processor.stop();
    }

    private void shutdown() {
        reader.stop();
        processor.stop();
        try {
            Duration grace = Duration.ofSeconds(10);
            if (!processor.awaitStop(grace) || !reader.awaitStop(grace)) {
                LOG.warn("task={} dir={} a capture thread did not stop within {}", ctx.task(), ctx.direction().code(),
                        grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
