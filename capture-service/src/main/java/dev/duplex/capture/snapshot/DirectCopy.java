package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full sync written by the forward capture straight into node b (fullSync.via: direct): the
 * parallel readers of node a feed parallel writers on node b ({@link ChunkWriters}), each chunk
 * committed with its progress row on node b. Node b's progress is the truth: a resumed copy starts
 * from it and tells the snapshot store (status, ETA) what it says. Once every table is on node b
 * it records node a's position as the snapshot's end, exactly like the copy via the queue.
 */
public final class DirectCopy {
    private static final Logger LOG = LoggerFactory.getLogger(DirectCopy.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);
    /** {@code -Dduplex.fullSync.write=insert}: multi-row INSERTs even where LOAD DATA works (to measure both). */
    static final String WRITE_PROPERTY = "duplex.fullSync.write";

    private final TaskConfig config;
    private final ConnectionFactory source;
    private final ConnectionFactory target;
    private final SchemaCatalog catalog;
    private final Dialect dialect;
    private final LeaseKeeper lease;
    private final SnapshotStore store;
    private final Clock clock;
    private final ChunkWrite.Method method;
    private volatile boolean stopping;
    private volatile ChunkReaders<WritableChunk> readers;
    private volatile ChunkWriters writers;

    /** @param target opens node b with LOAD DATA LOCAL allowed (allowLoadLocalInfile) */
    public DirectCopy(TaskConfig config, ConnectionFactory source, ConnectionFactory target, SchemaCatalog catalog,
                      Dialect dialect, LeaseKeeper lease, SnapshotStore store, Clock clock) {
        this(config, source, target, catalog, dialect, lease, store, clock,
                "insert".equalsIgnoreCase(System.getProperty(WRITE_PROPERTY)) ? ChunkWrite.Method.INSERT
                        : ChunkWrite.Method.LOAD_DATA);
    }

    DirectCopy(TaskConfig config, ConnectionFactory source, ConnectionFactory target, SchemaCatalog catalog,
               Dialect dialect, LeaseKeeper lease, SnapshotStore store, Clock clock, ChunkWrite.Method method) {
        this.config = config;
        this.source = source;
        this.target = target;
        this.catalog = catalog;
        this.dialect = dialect;
        this.lease = lease;
        this.store = store;
        this.clock = clock;
        this.method = method;
    }

    /**
     * Copies every table node b does not hold entirely yet.
     *
     * @param chain nothing is sent on the queue: the first message streamed after the copy follows
     *              the chain's predecessor
     * @return the final state, or empty when stopped before the end
     */
    public Optional<SnapshotCopy.Result> run(SnapshotState state, Batch.Chain chain,
                                             Supplier<BinlogPosition> currentPosition) {
        String snapshot = Seq.ofSnapshotChunk(state.startPos(), 0).text();
        List<SnapshotTable> tables = SnapshotTables.describe(source, config, catalog);
        TargetState target = readTarget(snapshot, tables);
        Map<String, TargetProgress.Row> onB = target.progress();
        DirectProgress progress = new DirectProgress(store, lease, clock, state.task(), tables, onB);
        List<ChunkReaders.Work> work = new ArrayList<>();
        Map<SnapshotTable, Long> chunks = new HashMap<>();
        List<String> finished = new ArrayList<>();
        for (SnapshotTable t : tables) {
            TargetProgress.Row row = onB.getOrDefault(TargetProgress.key(t.database(), t.table()),
                    TargetProgress.Row.NONE);
            if (row.done()) {
                finished.add(t.qualifiedName());
            } else {
                work.add(new ChunkReaders.Work(t, SnapshotProgress.lastKey(row.lastKey())));
                chunks.put(t, row.chunks());
            }
        }
        LOG.info("task={} dir=a2b pos={} full sync into node b: {} tables to copy, {} finished already{}",
                config.task(), state.startPos(), work.size(), finished.size(),
                finished.isEmpty() ? "" : " (not read again: " + finished + ")");
        try (IndexRestores indexes = deferIndexes(snapshot, tables, onB)) {
            boolean encode = method == ChunkWrite.Method.LOAD_DATA && target.localInfile();
            if (!work.isEmpty() && !copy(snapshot, work, chunks, encode, progress, indexes)) {
                return Optional.empty();
            }
            indexes.finish(); // before the copy is recorded as ended: never ended with an index missing
        }
        SnapshotState done = state.withEndPos(currentPosition.get(), clock.instant());
        store.save(done, lease.valid(LEASE_WAIT));
        LOG.info("task={} dir=a2b pos={} full sync into node b finished: {} rows this run; catch-up until {}",
                config.task(), state.startPos(), progress.rowsThisRun(), done.endPos());
        return Optional.of(new SnapshotCopy.Result(done, chain.prev()));
    }

    /** What the copy needs to know of node b before it starts. */
    private record TargetState(Map<String, TargetProgress.Row> progress, boolean localInfile) {}

    /**
     * Node b's progress rows of this snapshot (one per table), creating the duplex schema there first
     * if missing, and whether node b takes LOAD DATA LOCAL.
     */
    private TargetState readTarget(String snapshot, List<SnapshotTable> tables) {
        try (Connection c = target.open()) {
            boolean localInfile = TargetSession.prepare(c);
            try (Statement st = c.createStatement()) {
                DuplexSchema.create(st);
            }
            TargetProgress.register(c, config.task(), snapshot, tables);
            Map<String, TargetProgress.Row> rows = TargetProgress.read(c, config.task(), snapshot);
            c.commit();
            return new TargetState(rows, localInfile);
        } catch (SQLException e) {
            throw Failing.typed("cannot read the full sync's progress on node b", e);
        }
    }

    /**
     * Drops node b's deferrable indexes of the tables whose copy has not begun (with
     * {@code fullSync.deferIndexes}), and returns what adds back everything recorded for this
     * snapshot, tables copied in an earlier run at once (whatever the option says now).
     */
    private IndexRestores deferIndexes(String snapshot, List<SnapshotTable> tables, Map<String, TargetProgress.Row> onB) {
        var options = config.sync().fullSync();
        Map<IndexDeferral.Target, List<IndexDeferral.Recorded>> recorded;
        try (Connection c = target.open()) {
            TargetSession.prepare(c);
            if (options.deferIndexes()) {
                List<IndexDeferral.Target> fresh = tables.stream().filter(t -> row(onB, t).chunks() == 0
                        && !row(onB, t).done()).map(this::onB).toList();
                var dropped = IndexDeferral.defer(c, config.task(), snapshot, fresh);
                dropped.forEach((t, indexes) -> LOG.info("task={} dir=a2b full sync: node b's secondary indexes of {} "
                        + "are deferred until its copy ends: {} (dropped now, built once after the copy)", config.task(),
                        t.qualifiedName(), indexes.stream().map(IndexDeferral.Recorded::name).toList()));
            }
            recorded = IndexDeferral.recorded(c, config.task(), snapshot);
            c.commit();
        } catch (SQLException e) {
            throw Failing.typed("cannot defer node b's secondary indexes for the full sync", e);
        }
        IndexRestores restores = new IndexRestores(config.task(), snapshot, target, recorded, options.writers());
        tables.stream().filter(t -> row(onB, t).done()).forEach(t -> restores.copied(onB(t)));
        return restores;
    }

    private static TargetProgress.Row row(Map<String, TargetProgress.Row> onB, SnapshotTable t) {
        return onB.getOrDefault(TargetProgress.key(t.database(), t.table()), TargetProgress.Row.NONE);
    }

    /** The table's names on node b. */
    private IndexDeferral.Target onB(SnapshotTable t) {
        return new IndexDeferral.Target(config.targetDatabaseName(Direction.A2B, t.database()),
                config.targetTableName(Direction.A2B, t.database(), t.table()));
    }

    /** Tells the store of chunks committed, and starts adding back the indexes of each table copied to its end. */
    private void committed(DirectProgress progress, IndexRestores indexes, List<ChunkWriters.Committed> chunks,
                           boolean flush) {
        progress.committed(chunks, flush);
        chunks.stream().filter(ChunkWriters.Committed::done).forEach(c -> indexes.copied(onB(c.table())));
    }

    /** @param encode readers encode the chunks for LOAD DATA ({@link WritableChunk}) */
    private boolean copy(String snapshot, List<ChunkReaders.Work> work, Map<SnapshotTable, Long> chunks, boolean encode,
                         DirectProgress progress, IndexRestores indexes) {
        var options = config.sync().fullSync();
        BlockingQueue<WritableChunk> queue = new ArrayBlockingQueue<>(Math.max(2, options.writers() * 2));
        Supplier<ChunkForm<WritableChunk>> forms = () -> {
            ChunkSelection selection = new ChunkSelection(config, Direction.A2B, dialect); // one per reading thread
            return encode ? new LoadDataForm(selection)
                    : ChunkForm.ofValues(chunk -> WritableChunk.of(chunk, selection, false));
        };
        ChunkReaders<WritableChunk> r = new ChunkReaders<>(config.task(), source, work, options.parallelism(),
                options.chunkRows(), forms, queue);
        ChunkWriters w = new ChunkWriters(config, Direction.A2B, snapshot, target, queue, chunks, lease::isLost,
                method, options.writers());
        readers = r;
        writers = w;
        w.start();
        r.start();
        try {
            while (!stopping) {
                committed(progress, indexes, w.drainCommitted(), false);
                if (r.failure() != null) {
                    throw r.failure();
                }
                if (indexes.failure() != null) {
                    throw indexes.failure();
                }
                if (w.failure() != null) {
                    throw w.failure();
                }
                if (r.finished()) {
                    w.inputDone();
                }
                if (w.finished()) {
                    committed(progress, indexes, w.drainCommitted(), true);
                    return !stopping && w.failure() == null && r.failure() == null || rethrow(r, w);
                }
                Thread.sleep(POLL.toMillis());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            r.stop();
            w.stop();
            awaitQuietly(r, w);
            committed(progress, indexes, w.drainCommitted(), true);
            readers = null;
            writers = null;
        }
    }

    private static boolean rethrow(ChunkReaders<?> r, ChunkWriters w) {
        if (w.failure() != null) {
            throw w.failure();
        }
        if (r.failure() != null) {
            throw r.failure();
        }
        return false;
    }

    private static void awaitQuietly(ChunkReaders<?> r, ChunkWriters w) {
        try {
            if (!r.awaitStop(Duration.ofSeconds(30)) || !w.awaitStop(Duration.ofSeconds(30))) {
                LOG.warn("full sync readers or writers did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Forgets the direct copies of {@code task} recorded on this node (duplex task reset), first adding
     * back the secondary indexes a copy deferred there; returns how many progress rows went.
     */
    public static int forget(Connection node, String task) throws SQLException {
        IndexDeferral.restoreAll(node, task);
        ChunkMarker.delete(node, task);
        return TargetProgress.delete(node, task);
    }

    /** Stops reading and writing; {@link #run} returns empty soon after (uncommitted chunks roll back). */
    public void stop() {
        stopping = true;
        ChunkReaders<WritableChunk> r = readers;
        if (r != null) {
            r.stop();
        }
        ChunkWriters w = writers;
        if (w != null) {
            w.stop();
        }
    }
}
