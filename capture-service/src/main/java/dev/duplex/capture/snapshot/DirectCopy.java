package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.TaskConfig;
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
    private final LeaseKeeper lease;
    private final SnapshotStore store;
    private final Clock clock;
    private final ChunkWrite.Method method;
    private volatile boolean stopping;
    private volatile ChunkReaders readers;
    private volatile ChunkWriters writers;

    /** @param target opens node b with LOAD DATA LOCAL allowed (allowLoadLocalInfile) */
    public DirectCopy(TaskConfig config, ConnectionFactory source, ConnectionFactory target, SchemaCatalog catalog,
                      LeaseKeeper lease, SnapshotStore store, Clock clock) {
        this(config, source, target, catalog, lease, store, clock,
                "insert".equalsIgnoreCase(System.getProperty(WRITE_PROPERTY)) ? ChunkWrite.Method.INSERT
                        : ChunkWrite.Method.LOAD_DATA);
    }

    DirectCopy(TaskConfig config, ConnectionFactory source, ConnectionFactory target, SchemaCatalog catalog,
               LeaseKeeper lease, SnapshotStore store, Clock clock, ChunkWrite.Method method) {
        this.config = config;
        this.source = source;
        this.target = target;
        this.catalog = catalog;
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
        Map<String, TargetProgress.Row> onB = readTarget(snapshot, tables);
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
        if (!work.isEmpty() && !copy(snapshot, work, chunks, progress)) {
            return Optional.empty();
        }
        SnapshotState done = state.withEndPos(currentPosition.get(), clock.instant());
        store.save(done, lease.valid(LEASE_WAIT));
        LOG.info("task={} dir=a2b pos={} full sync into node b finished: {} rows this run; catch-up until {}",
                config.task(), state.startPos(), progress.rowsThisRun(), done.endPos());
        return Optional.of(new SnapshotCopy.Result(done, chain.prev()));
    }

    /** Node b's progress rows of this snapshot (one per table); creates the duplex schema there first if missing. */
    private Map<String, TargetProgress.Row> readTarget(String snapshot, List<SnapshotTable> tables) {
        try (Connection c = target.open()) {
            TargetSession.prepare(c);
            try (Statement st = c.createStatement()) {
                DuplexSchema.create(st);
            }
            TargetProgress.register(c, config.task(), snapshot, tables);
            Map<String, TargetProgress.Row> rows = TargetProgress.read(c, config.task(), snapshot);
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw Failing.typed("cannot read the full sync's progress on node b", e);
        }
    }

    private boolean copy(String snapshot, List<ChunkReaders.Work> work, Map<SnapshotTable, Long> chunks,
                         DirectProgress progress) {
        var options = config.sync().fullSync();
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(Math.max(2, options.writers() * 2));
        ChunkReaders r = new ChunkReaders(config.task(), source, work, options.parallelism(), options.chunkRows(), queue);
        ChunkWriters w = new ChunkWriters(config, Direction.A2B, snapshot, target, queue, chunks, lease::isLost,
                method, options.writers());
        readers = r;
        writers = w;
        w.start();
        r.start();
        try {
            while (!stopping) {
                progress.committed(w.drainCommitted(), false);
                if (r.failure() != null) {
                    throw r.failure();
                }
                if (w.failure() != null) {
                    throw w.failure();
                }
                if (r.finished()) {
                    w.inputDone();
                }
                if (w.finished()) {
                    progress.committed(w.drainCommitted(), true);
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
            progress.committed(w.drainCommitted(), true);
            readers = null;
            writers = null;
        }
    }

    private static boolean rethrow(ChunkReaders r, ChunkWriters w) {
        if (w.failure() != null) {
            throw w.failure();
        }
        if (r.failure() != null) {
            throw r.failure();
        }
        return false;
    }

    private static void awaitQuietly(ChunkReaders r, ChunkWriters w) {
        try {
            if (!r.awaitStop(Duration.ofSeconds(30)) || !w.awaitStop(Duration.ofSeconds(30))) {
                LOG.warn("full sync readers or writers did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forgets the direct copies of {@code task} recorded on this node (duplex task reset); returns how many rows. */
    public static int forget(Connection node, String task) throws SQLException {
        return TargetProgress.delete(node, task);
    }

    /** Stops reading and writing; {@link #run} returns empty soon after (uncommitted chunks roll back). */
    public void stop() {
        stopping = true;
        ChunkReaders r = readers;
        if (r != null) {
            r.stop();
        }
        ChunkWriters w = writers;
        if (w != null) {
            w.stop();
        }
    }
}
