package dev.duplex.capture.snapshot;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.publish.BatchPublisher;
import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full data sync of node a, run by the forward capture before it streams the binlog: parallel
 * readers hand chunks to this one publisher, which numbers the batches (so indexes grow in publish
 * order), sends them and records progress. Once every table is read (and, with an
 * {@link AppliedSnapshot}, applied) it records node a's position as the snapshot's end and
 * returns; the capture then streams from the start position with catch-up semantics up to it.
 */
public final class SnapshotCopy {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotCopy.class);
    /** Batches sent but not yet applied, at most, when node b's progress is watched. */
    static final int WINDOW = 8;
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * @param lastSeq seq of the last batch sent by this run, or the chain's predecessor when it sent
     *                none: what the first message streamed after the copy names as its predecessor
     */
    public record Result(SnapshotState state, Seq lastSeq) {}

    private final TaskConfig config;
    private final BatchSettings batchSettings;
    private final ConnectionFactory source;
    private final SchemaCatalog catalog;
    private final Dialect dialect;
    private final BatchPublisher publisher;
    private final LeaseKeeper lease;
    private final SnapshotStore store;
    private final AppliedSnapshot applied;
    private final Clock clock;
    private volatile boolean stopping;
    private volatile ChunkReaders<Chunk> readers;

    /** @param applied null where the queue is durable (SQS): progress counts what SQS accepted */
    /** @param dialect the source server's, whose rules WHERE filters are evaluated by */
    public SnapshotCopy(TaskConfig config, BatchSettings batchSettings, ConnectionFactory source, SchemaCatalog catalog,
                        Dialect dialect, BatchPublisher publisher, LeaseKeeper lease, SnapshotStore store, AppliedSnapshot applied,
                        Clock clock) {
        this.config = config;
        this.batchSettings = batchSettings;
        this.source = source;
        this.catalog = catalog;
        this.dialect = dialect;
        this.publisher = publisher;
        this.lease = lease;
        this.store = store;
        this.applied = applied;
        this.clock = clock;
    }

    /**
     * Copies every table not finished yet.
     *
     * @param chain           the chain the first batch continues. A resumed copy continues it from the
     *                        checkpoint's seq, not from the last chunk the crashed run sent: the apply
     *                        side accepts a predecessor at or below what it applied, and a resumed copy
     *                        reads again every chunk whose progress was not stored
     * @param currentPosition node a's current binlog position (the end position, asked once at the end)
     * @return the final state, or empty when stopped before the end
     * @throws DuplexException when reading, sending or storing fails (retriable ones resume from the progress)
     */
    public Optional<Result> run(SnapshotState state, Batch.Chain chain, Supplier<BinlogPosition> currentPosition) {
        List<SnapshotTable> tables = SnapshotTables.describe(source, config, catalog);
        SnapshotProgress progress = new SnapshotProgress(store, lease, clock, state, store.tables(state.task()));
        progress.register(tables);
        List<ChunkReaders.Work> work = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        for (SnapshotTable t : tables) {
            TableProgress p = progress.table(t);
            if (p.done()) {
                finished.add(t.qualifiedName());
            } else {
                work.add(new ChunkReaders.Work(t, SnapshotProgress.lastKey(p)));
            }
        }
        LOG.info("task={} dir=a2b pos={} full sync: {} tables to copy, {} finished already{}", config.task(),
                state.startPos(), work.size(), finished.size(), finished.isEmpty() ? "" : " (not read again: " + finished + ")");
        Publishing pub = new Publishing(state, progress, chain);
        if (!work.isEmpty() && !copy(work, pub)) {
            return Optional.empty();
        }
        if (!awaitAllConfirmed(pub)) {
            return Optional.empty();
        }
        SnapshotState done = progress.state().withEndPos(currentPosition.get(), clock.instant());
        store.save(done, lease.valid(Duration.ofSeconds(5)));
        LOG.info("task={} dir=a2b pos={} full sync finished: {} rows in {} batches this run; catch-up until {}",
                config.task(), state.startPos(), pub.rows, pub.batches, done.endPos());
        return Optional.of(new Result(done, pub.chain.prev()));
    }

    /** Reads and publishes until every table is read; false if stopped first. */
    private boolean copy(List<ChunkReaders.Work> work, Publishing pub) {
        int parallelism = config.sync().fullSync().parallelism();
        BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(Math.max(2, parallelism * 2));
        ChunkReaders<Chunk> r = new ChunkReaders<>(config.task(), source, work, parallelism,
                config.sync().fullSync().chunkRows(), () -> ChunkForm.ofValues(chunk -> chunk), chunks);
        readers = r;
        r.start();
        try {
            while (!stopping) {
                Chunk chunk = chunks.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    pub.publish(chunk);
                } else if (r.failure() != null) {
                    throw r.failure();
                } else if (r.finished() && chunks.isEmpty()) {
                    if (r.failure() != null) {
                        throw r.failure();
                    }
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            r.stop();
            awaitQuietly(r);
            readers = null;
        }
    }

    private boolean awaitAllConfirmed(Publishing pub) {
        while (!stopping) {
            pub.confirm();
            if (pub.progress.allConfirmed()) {
                return true;
            }
            if (!sleep(POLL)) {
                return false;
            }
        }
        return false;
    }

    /** The single publishing thread's state: numbering, the window on node b, progress. */
    private final class Publishing {
        final SnapshotState state;
        final SnapshotProgress progress;
        final SnapshotBatcher batcher;
        final long firstIndex;
        long rows;
        long batches;
        Batch.Chain chain;

        Publishing(SnapshotState state, SnapshotProgress progress, Batch.Chain chain) {
            this.state = state;
            this.progress = progress;
            this.chain = chain;
            this.batcher = new SnapshotBatcher(config, dialect, batchSettings, state.startPos());
            this.firstIndex = state.nextChunk();
        }

        void publish(Chunk chunk) throws InterruptedException {
            List<RowChange> inserts = batcher.inserts(chunk);
            long micros = clock.instant().toEpochMilli() * 1000;
            List<Batch> out = batcher.batches(inserts, progress::nextIndex, micros, this::link);
            for (Batch b : out) {
                awaitRoom(b.seq().sub());
                publisher.send(b);
                batches++;
            }
            rows += inserts.size();
            progress.published(chunk, out.size());
            confirm();
            if (chunk.last()) {
                LOG.info("task={} dir=a2b full sync: read {} to its end", config.task(), chunk.table().qualifiedName());
            }
        }

        /** The chain link of the batch with {@code seq}: it follows the one before. */
        private Batch.Chain link(Seq seq) {
            Batch.Chain link = chain;
            chain = chain.after(seq);
            return link;
        }

        /** Without a view of node b, what SQS accepted is safe; with one, what node b applied. */
        void confirm() {
            progress.confirm(applied == null ? progress.lastAssigned() : applied.appliedChunk(state.startPos()));
        }

        private void awaitRoom(long index) throws InterruptedException {
            if (applied == null) {
                return;
            }
            while (!stopping) {
                long a = applied.appliedChunk(state.startPos());
                progress.confirm(a);
                long inFlight = index - Math.max(a + 1, firstIndex);
                if (inFlight < WINDOW) {
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
            throw new RetriableException("full sync stopped while waiting for node b to apply");
        }
    }

    private static void awaitQuietly(ChunkReaders<?> r) {
        try {
            if (!r.awaitStop(Duration.ofSeconds(30))) {
                LOG.warn("full sync readers did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops reading and publishing; {@link #run} returns empty soon after. */
    public void stop() {
        stopping = true;
        ChunkReaders<Chunk> r = readers;
        if (r != null) {
            r.stop();
        }
    }
}
