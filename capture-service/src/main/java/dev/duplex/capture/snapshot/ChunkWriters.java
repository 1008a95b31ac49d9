package dev.duplex.capture.snapshot;

import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.thread.StoppableThread;
import dev.duplex.core.thread.Worker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writers of a direct full sync: {@code count} threads, each on its own node b connection,
 * take chunks in the order the readers produced them and write each in one transaction with its
 * progress row ({@link TargetProgress}). Writing runs in parallel, several chunks of one table
 * included (their key ranges are disjoint); committing is in key order per table, so node b's
 * progress of a table is always one unbroken prefix (its last key) and a resumed copy re-reads
 * exactly what is not committed. The writer of a table's oldest chunk never waits for another
 * writer; should it wait on a lock a later chunk of its table holds on node b (a trigger updating
 * one row, say), the short lock wait of the session ends that, and the table's chunks are then
 * written one at a time ({@link #goSerial}).
 */
final class ChunkWriters implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkWriters.class);

    /** A chunk committed on node b: progress the snapshot store is told about. */
    record Committed(SnapshotTable table, long rows, String lastKey, boolean done, long chunks) {}

    private record Taken(WritableChunk chunk, TableOrder order, long ticket) {}

    /** Commit order of one table: tickets handed out with the chunks, committed count. */
    private static final class TableOrder {
        final long base;
        long nextTicket;
        long committed;
        boolean serial;

        TableOrder(long base) {
            this.base = base;
        }

        synchronized boolean serial() {
            return serial;
        }
    }

    private enum Turn { MINE, AGAIN, STOPPED }

    /** Lock wait timeout and deadlock: chunks of one table in each other's way. */
    private static final Set<Integer> LOCK_WAITS = Set.of(1205, 1213);

    private final TaskConfig config;
    private final Direction direction;
    private final String snapshot;
    private final ConnectionFactory target;
    private final BlockingQueue<WritableChunk> in;
    private final Map<SnapshotTable, Long> chunksOnB;
    private final BooleanSupplier leaseLost;
    private final ChunkWrite.Method method;
    private final int count;
    private final Map<SnapshotTable, TableOrder> orders = new HashMap<>();
    private final Queue<Committed> committed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<DuplexException> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean inputDone;
    private volatile boolean stopping;

    /**
     * @param chunksOnB chunks node b already holds of each table being copied (its progress rows)
     * @param method    how rows are written; LOAD DATA falls back to INSERT where node b refuses it
     */
    ChunkWriters(TaskConfig config, Direction direction, String snapshot, ConnectionFactory target,
                 BlockingQueue<WritableChunk> in, Map<SnapshotTable, Long> chunksOnB, BooleanSupplier leaseLost,
                 ChunkWrite.Method method, int count) {
        this.config = config;
        this.direction = direction;
        this.snapshot = snapshot;
        this.target = target;
        this.in = in;
        this.chunksOnB = Map.copyOf(chunksOnB);
        this.leaseLost = leaseLost;
        this.method = method;
        this.count = count;
    }

    @Override
    public void start() {
        running.set(count);
        for (int i = 0; i < count; i++) {
            int writer = i;
            Thread t = new Thread(() -> run(writer), "snapshot-" + config.task() + "-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** The readers are done: writers end once the queue is empty. */
    void inputDone() {
        inputDone = true;
    }

    boolean finished() {
        return running.get() == 0;
    }

    DuplexException failure() {
        return failure.get();
    }

    /** Chunks committed since the last call, in commit order. */
    List<Committed> drainCommitted() {
        List<Committed> out = new ArrayList<>();
        Committed c;
        while ((c = committed.poll()) != null) {
            out.add(c);
        }
        return out;
    }

    private void run(int writer) {
        try (Connection c = target.open()) {
            ChunkWrite write = ChunkWrite.prepare(c, method, config.task(), writer);
            while (!stopping) {
                Taken t = take();
                if (t != null) {
                    write(c, write, t);
                } else if (inputDone && in.isEmpty()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            failure.compareAndSet(null, Failing.typed("writing node b for full sync", e));
            stop();
        } finally {
            running.decrementAndGet();
        }
    }

    /** The next chunk with its place in its table's commit order. */
    private synchronized Taken take() throws InterruptedException {
        WritableChunk chunk = in.poll(50, TimeUnit.MILLISECONDS);
        if (chunk == null) {
            return null;
        }
        TableOrder order = orders.computeIfAbsent(chunk.table(), t -> new TableOrder(chunksOnB.getOrDefault(t, 0L)));
        return new Taken(chunk, order, order.nextTicket++);
    }

    private void write(Connection c, ChunkWrite write, Taken t) throws SQLException, InterruptedException {
        WritableChunk chunk = t.chunk();
        TableOrder order = t.order();
        boolean done = false;
        try {
            while (!done) {
                boolean serial = order.serial();
                if (serial && awaitTurn(t, false) == Turn.STOPPED) {
                    c.rollback();
                    return;
                }
                try {
                    write.rows(c, chunk);
                } catch (SQLException e) {
                    if (serial || !LOCK_WAITS.contains(e.getErrorCode())) {
                        throw e;
                    }
                    c.rollback();
                    goSerial(order, chunk.table());
                    continue;
                }
                Turn turn = serial ? Turn.MINE : awaitTurn(t, true);
                if (turn != Turn.MINE) {
                    c.rollback(); // stopping, or written beside chunks that now go one at a time: again, in turn
                    if (turn == Turn.STOPPED) {
                        return;
                    }
                    continue;
                }
                commit(c, t);
                done = true;
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            stop(); // before the later chunks of the table are let through: none may commit past a gap
            throw e;
        } finally {
            synchronized (order) {
                if (done) {
                    order.committed++;
                }
                order.notifyAll();
            }
        }
    }

    private void commit(Connection c, Taken t) throws SQLException {
        WritableChunk chunk = t.chunk();
        if (leaseLost.getAsBoolean()) {
            throw new RetriableException("full sync of " + chunk.table().qualifiedName() + ": this capture lost "
                    + "its lease; the chunk is not committed (the capture that holds it copies on)");
        }
        String key = chunk.lastKey() == null ? "" : SnapshotProgress.keyText(chunk.table(), chunk.lastKey());
        long chunks = t.order().base + t.ticket();
        TargetProgress.advance(c, config.task(), snapshot, chunk.table(), chunks, chunk.read(), key, chunk.last());
        c.commit();
        committed.add(new Committed(chunk.table(), chunk.read(), key, chunk.last(), chunks + 1));
        if (chunk.last()) {
            LOG.info("task={} dir={} full sync: wrote {} to its end on node b", config.task(), direction.code(),
                    chunk.table().qualifiedName());
        }
    }

    /**
     * Chunks of one table written at once waited on each other's locks on node b (a trigger that
     * updates one row, say): InnoDB cannot see that a later chunk holding a lock waits for the
     * earlier one to commit. From now on the table's chunks are written one at a time, in turn.
     */
    private void goSerial(TableOrder order, SnapshotTable table) {
        synchronized (order) {
            if (!order.serial) {
                order.serial = true;
                LOG.warn("task={} dir={} full sync of {}: chunks written at once waited on each other's locks on "
                        + "node b (a trigger or a row every insert updates?); writing its chunks one at a time",
                        config.task(), direction.code(), table.qualifiedName());
            }
            order.notifyAll();
        }
    }

    /**
     * Waits until every earlier chunk of the table is committed.
     *
     * @param parallel this chunk was written beside earlier ones: give way if the table goes one at a time
     */
    private Turn awaitTurn(Taken t, boolean parallel) throws InterruptedException {
        TableOrder order = t.order();
        synchronized (order) {
            while (order.committed < t.ticket() && !stopping) {
                if (parallel && order.serial) {
                    return Turn.AGAIN;
                }
                order.wait(100);
            }
            return stopping ? Turn.STOPPED : Turn.MINE;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is closed next; the server rolls the transaction back then anyway.
        }
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return StoppableThread.awaitAll(threads, timeout);
    }
}
