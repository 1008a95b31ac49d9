package dev.duplex.capture;

import dev.duplex.capture.assemble.TransactionAssembler;
import dev.duplex.capture.batch.GroupedBatcher;
import dev.duplex.capture.batch.Outgoing;
import dev.duplex.capture.batch.TableGroups;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.capture.filter.TransactionSelector;
import dev.duplex.capture.publish.CheckpointPacer;
import dev.duplex.capture.reader.BinlogReader;
import dev.duplex.capture.reader.ReaderItem;
import dev.duplex.capture.reader.ReaderSettings;
import dev.duplex.core.config.Partitioning;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 *
 * <p>Publishing adapts to the load: the batches already waiting behind the one taken are joined,
 * each message group's into its own messages ({@link Outbox}), so a busy capture sends
 * fewer, larger messages and an idle one sends each batch alone at once; messages of different
 * groups go in one SendMessageBatch call ({@link dev.duplex.capture.publish.SqsPublisher}). A
 * batch that may not join (DDL, heartbeat, fragment, other catch-up flag, too large) begins its
 * group's next message, so each group's order is kept. The checkpoint is written when the pipeline
 * is idle (nothing queued, unread or being formed) or at most every
 * {@link CheckpointPacer#DEFAULT_INTERVAL} under load, and once more on a graceful stop. Under
 * {@code partitioning: table} a DDL statement is a barrier ({@link Outbox}): sent once every
 * group applied what came before it, and nothing after it is sent until it is applied.
 */
final class BinlogSession {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogSession.class);
    static final int EVENT_QUEUE = 1024;

    private final SessionContext ctx;
    private final BlockingQueue<ReaderItem> events = new ArrayBlockingQueue<>(EVENT_QUEUE);
    private final Outbox outbox;
    private final AtomicReference<DuplexException> failure = new AtomicReference<>();
    private final BinlogReader reader;
    private final EventProcessor processor;
    private final TransactionSelector selector;
    private final Consumer<CaptureCheckpoint> onCheckpoint;
    private final CheckpointPacer pacer = new CheckpointPacer(CheckpointPacer.DEFAULT_INTERVAL);
    private volatile boolean stopping;
    /** Stopped without a reason (not a lost lease, not a failure): the pending checkpoint is stored. */
    private volatile boolean graceful;
    private volatile boolean progress;

    /**
     * @param catchUpUntil the snapshot's end position after a full sync: earlier transactions are catch-up
     * @param chains       the chain each message group continues (its predecessor: the checkpoint's
     *                     seq of the group)
     * @param starts       where each group's first batch began, as the checkpoint kept it
     */
    BinlogSession(SessionContext ctx, ReaderSettings readerSettings, BinlogPosition catchUpUntil,
                   Map<String, Batch.Chain> chains, Map<String, BinlogPosition> starts,
                   Consumer<CaptureCheckpoint> onCheckpoint) {
        this.ctx = ctx;
        this.onCheckpoint = onCheckpoint;
        this.outbox = new Outbox(ctx.batchSettings().maxBytes(), ctx.config().get().partitioning() == Partitioning.TABLE);
        String id = ctx.task() + "-" + ctx.direction().code();
        this.reader = new BinlogReader(readerSettings, events, "binlog-" + id);
        TransactionAssembler assembler = new TransactionAssembler(readerSettings.from(), ctx.source().mariaDb(),
                ctx.collations());
        TableSchemaResolver schemas = new TableSchemaResolver(ctx.catalog(), ctx.collations(), ctx.task());
        this.selector = new TransactionSelector(ctx.config().get(), ctx.direction(),
                Dialect.of(ctx.source().mariaDb(), ctx.source().version()), schemas, ctx.metrics().select,
                ctx.taskLog());
        this.processor = new EventProcessor(events, outbox.queue(), assembler, selector, ctx.config(),
                new GroupedBatcher(ctx.batchSettings(), catchUpUntil, chains, starts, ctx.backlog(),
                        TableGroups.of(ctx.config().get().partitioning(), ctx.batchSettings())),
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
     * Publishes until stopped (returns) or until a stage fails (throws its failure). A graceful
     * stop first stores the checkpoint of the last boundary SQS accepted if it is still pending,
     * also when the stop cut a send short (the interrupt aborts the SDK call, which fails it).
     */
    void run() {
        reader.start();
        processor.start();
        try {
            publishUntilStopped();
        } catch (DuplexException e) {
            if (graceful) {
                try {
                    storePendingCheckpoint();
                } catch (RuntimeException notStored) {
                    e.addSuppressed(notStored);
                }
            }
            throw e;
        } finally {
            shutdown();
        }
        if (graceful) {
            storePendingCheckpoint();
        }
    }

    private void publishUntilStopped() {
        try {
            while (true) {
                DuplexException f = failure.get();
                if (f != null) {
                    throw f;
                }
                if (stopping) {
                    return;
                }
                List<Outgoing> messages = outbox.next();
                if (stopping) {
                    continue;
                }
                if (messages.size() == 1 && outbox.isBarrier(messages.get(0))) {
                    publishBarrier(messages.get(0));
                } else if (!messages.isEmpty()) {
                    publish(messages);
                } else {
                    // Nothing came for a while: the last boundary is not left unwritten.
                    storeCheckpointIfDue(true);
                }
            }
        } catch (InterruptedException e) {
            // A graceful stop interrupts this thread too (CaptureService.stop).
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends a DDL statement once every group applied what was sent before it, and returns once the
     * statement is applied too: nothing after it is sent meanwhile (the bounded queue stops the
     * reader). Its checkpoint is taken only then, so a capture restarted during either wait reads
     * the statement again and waits again.
     */
    private void publishBarrier(Outgoing ddl) throws InterruptedException {
        String group = ddl.batch().group();
        Map<String, Seq> before = new HashMap<>(ddl.groupSeqs());
        before.remove(group); // the statement follows its own group's batches in that group's order
        String what = "the DDL statement at " + ddl.batch().range().from();
        try {
            if (!ctx.barrier().await(before, what, this::interrupted)) {
                return;
            }
            Optional<CaptureCheckpoint> boundary = ctx.publisher().publish(List.of(ddl));
            ctx.metrics().published(ddl.batch());
            if (!ctx.barrier().await(Map.of(group, ddl.batch().seq()), what + " (its own apply)", this::interrupted)) {
                return;
            }
            boundary.map(selector::checkpoint).ifPresent(cp -> pacer.published(cp, System.nanoTime()));
            storeCheckpointIfDue(idle());
        } catch (RuntimeException e) {
            fail(Failures.typed(e));
        }
    }

    /** The session stops, or a stage failed: a barrier stops waiting. */
    private boolean interrupted() {
        return stopping || failure.get() != null;
    }

    private void publish(List<Outgoing> messages) {
        try {
            Optional<CaptureCheckpoint> boundary = ctx.publisher().publish(messages);
            messages.forEach(m -> ctx.metrics().published(m.batch()));
            progress = true;
            // Held before a gh-ost ALTER whose cut-over is still to come (the selector keeps it in memory only).
            boundary.map(selector::checkpoint).ifPresent(cp -> pacer.published(cp, System.nanoTime()));
            storeCheckpointIfDue(idle());
        } catch (RuntimeException e) {
            fail(Failures.typed(e));
        }
    }

    /**
     * Nothing waits to be published and nothing is on its way: no batch queued,
     * no binlog event unread, no batch being formed. Under a steady load the batcher nearly
     * always forms the next batch, so checkpoints follow the interval instead of every message.
     */
    private boolean idle() {
        return outbox.isEmpty() && events.isEmpty() && !processor.forming();
    }

    private void storeCheckpointIfDue(boolean idle) {
        try {
            Optional<CaptureCheckpoint> due = pacer.due(System.nanoTime(), idle);
            if (due.isPresent()) {
                store(due.get());
            }
        } catch (RuntimeException e) {
            fail(Failures.typed(e));
        }
    }

    private void store(CaptureCheckpoint cp) {
        ctx.publisher().save(cp);
        pacer.written(cp, System.nanoTime());
        onCheckpoint.accept(cp);
    }

    /**
     * On a graceful stop: what SQS accepted since the last write is checkpointed, so a restart does
     * not send it again. Not once the lease is lost (the new holder owns the checkpoint). The stop
     * may have interrupted this thread, and the AWS SDK aborts calls on an interrupted thread.
     */
    private void storePendingCheckpoint() {
        Optional<CaptureCheckpoint> pending = pacer.pending();
        if (pending.isEmpty() || !ctx.publisher().leaseHeld()) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            store(pending.get());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void fail(DuplexException e) {
        failure.compareAndSet(null, e);
    }

    /** Stops the session; {@code why}, when given, is what {@link #run()} throws. */
    void stop(DuplexException why) {
        if (why != null) {
            fail(why);
        } else {
            graceful = true;
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
