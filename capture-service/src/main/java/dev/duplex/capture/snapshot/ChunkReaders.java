package dev.duplex.capture.snapshot;

import com.mysql.cj.jdbc.JdbcConnection;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import dev.duplex.core.thread.StoppableThread;
import dev.duplex.core.thread.Worker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parallel readers of a full sync: {@code parallelism} threads, each on its own connection,
 * take the next unfinished table and read it chunk by chunk (keyset pagination) into the bounded
 * queue that the publisher or node b's writers drain, each chunk in the shape they take it (the
 * reader's own work: it runs on the reading threads). A table is read by one thread from its last
 * key to its end. Each query is one statement in autocommit, so each chunk is a consistent read;
 * rows that change between chunks are made right by the binlog replayed from the start position.
 *
 * @param <T> what a chunk becomes before it is queued
 */
final class ChunkReaders<T> implements Worker {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkReaders.class);

    /** A table to read, after {@code lastKey} (null: from its first row). */
    record Work(SnapshotTable table, List<Value> lastKey) {}

    private final String task;
    private final ConnectionFactory connections;
    private final Queue<Work> work;
    private final int parallelism;
    private final int chunkRows;
    private final Supplier<? extends ChunkForm<T>> forms;
    private final BlockingQueue<T> out;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<DuplexException> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    /** @param forms gives each reading thread its own form, which makes each chunk what is queued */
    ChunkReaders(String task, ConnectionFactory connections, List<Work> work, int parallelism, int chunkRows,
                 Supplier<? extends ChunkForm<T>> forms, BlockingQueue<T> out) {
        this.task = task;
        this.connections = connections;
        this.work = new ConcurrentLinkedQueue<>(work);
        this.parallelism = Math.max(1, Math.min(parallelism, work.size()));
        this.chunkRows = chunkRows;
        this.forms = forms;
        this.out = out;
    }

    @Override
    public void start() {
        running.set(parallelism);
        for (int i = 0; i < parallelism; i++) {
            Thread t = new Thread(this::run, "snapshot-" + task + "-reader-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** True once every reader has finished its tables (or failed, see {@link #failure}). */
    boolean finished() {
        return running.get() == 0;
    }

    DuplexException failure() {
        return failure.get();
    }

    private void run() {
        try (Connection c = connections.open()) {
            try (Statement s = c.createStatement()) {
                // TIMESTAMP as UTC text, like capture publishes it.
                s.execute("SET SESSION time_zone = '+00:00'");
            }
            ChunkForm<T> form = forms.get();
            Work next;
            while (!stopping && (next = work.poll()) != null) {
                read(c, next, form);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            failure.compareAndSet(null, Failing.typed("reading node a for full sync", e));
        } finally {
            running.decrementAndGet();
        }
    }

    private void read(Connection c, Work w, ChunkForm<T> form) throws SQLException, InterruptedException {
        SnapshotTable t = w.table();
        LOG.info("task={} dir=a2b full sync: reading {} {}", task, t.qualifiedName(),
                w.lastKey() == null ? "from its first row" : "after the last copied key");
        JdbcConnection jc = c.unwrap(JdbcConnection.class);
        // Server-side statements: the binary protocol carries FLOAT and DOUBLE exactly.
        try (PreparedStatement first = jc.serverPrepareStatement(ChunkQuery.first(t, chunkRows));
             PreparedStatement after = jc.serverPrepareStatement(ChunkQuery.after(t, chunkRows))) {
            List<Value> lastKey = w.lastKey();
            boolean last = false;
            while (!last && !stopping) {
                PreparedStatement ps = lastKey == null ? first : after;
                if (lastKey != null) {
                    List<Value> params = ChunkQuery.parameters(lastKey);
                    for (int i = 0; i < params.size(); i++) {
                        ValueBinder.bind(ps, i + 1, params.get(i));
                    }
                }
                ChunkForm.Read<T> read;
                try (ResultSet rs = ps.executeQuery()) {
                    read = form.read(t, rs, lastKey, chunkRows);
                }
                lastKey = read.lastKey();
                last = read.last();
                put(read.chunk());
            }
        }
    }

    private void put(T chunk) throws InterruptedException {
        while (!stopping && !out.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            // The publisher is behind (or waiting for node b to apply): wait for room.
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
