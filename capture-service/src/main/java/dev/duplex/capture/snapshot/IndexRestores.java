package dev.duplex.capture.snapshot;

import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.sql.DeferredIndexes;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds back node b's deferred indexes of a direct full sync ({@link IndexDeferral}): each table's as
 * soon as its copy ends, on threads of their own while other tables copy on, and at the end of the
 * copy whatever is still recorded (tables copied to their end in an earlier run). A failure stops
 * the copy: the full sync never ends with an index missing.
 */
final class IndexRestores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRestores.class);
    private static final long STOP_WAIT_SECONDS = 30;

    private final String task;
    private final String snapshot;
    private final ConnectionFactory target;
    private final Map<IndexDeferral.Target, List<IndexDeferral.Recorded>> pending;
    private final ExecutorService pool;
    private final AtomicReference<DuplexException> failure = new AtomicReference<>();

    /** @param recorded what node b records for this snapshot, by table */
    IndexRestores(String task, String snapshot, ConnectionFactory target,
                  Map<IndexDeferral.Target, List<IndexDeferral.Recorded>> recorded, int threads) {
        this.task = task;
        this.snapshot = snapshot;
        this.target = target;
        this.pending = new LinkedHashMap<>(recorded);
        AtomicInteger n = new AtomicInteger();
        this.pool = recorded.isEmpty() ? null : Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "snapshot-" + task + "-index-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
    }

    /** The copy of {@code t} reached its end on node b: its deferred indexes are added back now, beside the copy. */
    void copied(IndexDeferral.Target t) {
        List<IndexDeferral.Recorded> indexes = take(t);
        if (indexes != null) {
            pool.execute(() -> {
                try {
                    restore(t, indexes);
                } catch (DuplexException e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
    }

    /** The first failure to add indexes back, or null. */
    DuplexException failure() {
        return failure.get();
    }

    /** The copy ended: waits for the tables being done, adds back what is still recorded, throws the first failure. */
    void finish() {
        if (pool != null) {
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    LOG.debug("task={} dir=a2b full sync: waiting for node b to build deferred indexes", task);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("full sync: interrupted while node b built deferred indexes");
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        for (IndexDeferral.Target t : List.copyOf(pendingTables())) {
            restore(t, take(t));
        }
    }

    /** Stopped or failed before the end: waits a while for indexes being built; says which stay deferred. */
    @Override
    public void close() {
        if (pool != null && !pool.isShutdown()) {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.warn("task={} dir=a2b full sync: node b still builds deferred indexes after {} s; if it does "
                            + "not finish, the next run adds them back", task, STOP_WAIT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (var e : pendingEntries()) {
            LOG.info("task={} dir=a2b node b's secondary indexes of {} are deferred until its copy ends: {} (their "
                    + "definitions are kept in duplex.{}; the copy adds them back when it resumes and reaches the "
                    + "table's end, duplex task reset adds them back at once)", task, e.getKey().qualifiedName(),
                    e.getValue().stream().map(IndexDeferral.Recorded::name).toList(), DuplexSchema.DEFERRED_INDEX);
        }
    }

    private synchronized List<IndexDeferral.Recorded> take(IndexDeferral.Target t) {
        return pending.remove(t);
    }

    private synchronized List<IndexDeferral.Target> pendingTables() {
        return new ArrayList<>(pending.keySet());
    }

    private synchronized List<Map.Entry<IndexDeferral.Target, List<IndexDeferral.Recorded>>> pendingEntries() {
        return new ArrayList<>(pending.entrySet());
    }

    private void restore(IndexDeferral.Target t, List<IndexDeferral.Recorded> indexes) {
        long start = System.nanoTime();
        try (Connection c = target.open()) {
            TargetSession.prepare(c);
            List<String> added = IndexDeferral.restore(c, task, snapshot, t, indexes);
            LOG.info("task={} dir=a2b full sync: node b's secondary indexes of {} added back{} in {} ms", task,
                    t.qualifiedName(), added.isEmpty() ? " (they existed already)" : ": " + added,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException | RuntimeException e) {
            synchronized (this) {
                pending.putIfAbsent(t, indexes); // still recorded on node b: the next run adds them back
            }
            throw failed(t, indexes, e);
        }
    }

    private DuplexException failed(IndexDeferral.Target t, List<IndexDeferral.Recorded> indexes, Exception e) {
        List<String> definitions = indexes.stream().map(IndexDeferral.Recorded::definition).toList();
        String msg = "full sync of node b's " + t.qualifiedName() + ": its secondary indexes "
                + indexes.stream().map(IndexDeferral.Recorded::name).toList() + ", dropped for the copy, could not be "
                + "added back (" + ErrorText.of(e) + "). The full sync does not end without them; their definitions "
                + "stay in duplex." + DuplexSchema.DEFERRED_INDEX + " on node b. Fix the cause on node b (disk space, "
                + "a lock another session holds on the table) and start the task again (duplex task start " + task
                + "), which adds them back first; or add them by hand: "
                + DeferredIndexes.add(t.database(), t.table(), definitions, false);
        int code = e instanceof SQLException s ? s.getErrorCode() : 0;
        return ErrorClassifier.isRetriable(e) ? new RetriableException(msg, null, code, e)
                : new FatalException(msg, null, code, e);
    }
}
