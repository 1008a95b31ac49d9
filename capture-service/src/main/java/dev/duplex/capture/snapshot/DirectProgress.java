package dev.duplex.capture.snapshot;

import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The snapshot store's per-table progress (status, ETA) of a direct full sync, told from node b's
 * truth: at the start from node b's progress rows (the store may lag them after a crash), then
 * from each committed chunk, saved at most once a second (and whenever a table is finished).
 */
final class DirectProgress {
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);
    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    private final SnapshotStore store;
    private final LeaseKeeper lease;
    private final Clock clock;
    private final Map<String, TableProgress> tables = new LinkedHashMap<>();
    private final Map<String, TableProgress> unsaved = new LinkedHashMap<>();
    private Instant lastSave = Instant.MIN;
    private long rowsThisRun;

    DirectProgress(SnapshotStore store, LeaseKeeper lease, Clock clock, String task, List<SnapshotTable> all,
                   Map<String, TargetProgress.Row> onB) {
        this.store = store;
        this.lease = lease;
        this.clock = clock;
        store.tables(task).forEach(p -> tables.put(TargetProgress.key(p.database(), p.table()), p));
        List<TableProgress> changed = new ArrayList<>();
        Instant now = clock.instant();
        for (SnapshotTable t : all) {
            String key = TargetProgress.key(t.database(), t.table());
            TableProgress stored = tables.get(key);
            TableProgress p = stored == null ? TableProgress.start(task, t.database(), t.table(), t.estimatedRows(), now)
                    : stored;
            TargetProgress.Row b = onB.getOrDefault(key, TargetProgress.Row.NONE);
            if (b.chunks() == 0 && stored != null && (stored.rowsDone() > 0 || stored.done())) {
                throw new FatalException("full sync of " + t.qualifiedName() + ": the snapshot store counts "
                        + stored.rowsDone() + " rows copied but node b has no record of them in duplex."
                        + DuplexSchema.SNAPSHOT_PROGRESS + " (the copy began with fullSync.via: queue, or node b's "
                        + "duplex schema was dropped); copying again would write rows twice. Finish it with "
                        + "fullSync.via: queue, or reset the task (duplex task reset) and start it again");
            }
            TableProgress truth = new TableProgress(task, t.database(), t.table(), p.estimatedRows(), b.rows(),
                    b.lastKey(), b.done(), b.chunks(), now);
            if (stored == null || !same(stored, truth)) {
                tables.put(key, truth);
                changed.add(truth);
            }
        }
        if (!changed.isEmpty()) {
            store.save(changed, lease.valid(LEASE_WAIT));
        }
    }

    private static boolean same(TableProgress a, TableProgress b) {
        return a.rowsDone() == b.rowsDone() && a.lastKey().equals(b.lastKey()) && a.done() == b.done()
                && a.batches() == b.batches();
    }

    TableProgress table(SnapshotTable t) {
        return tables.get(TargetProgress.key(t.database(), t.table()));
    }

    long rowsThisRun() {
        return rowsThisRun;
    }

    /** Takes chunks committed on node b; saves when due, or now with {@code flush}. */
    void committed(List<ChunkWriters.Committed> chunks, boolean flush) {
        boolean tableDone = false;
        Instant now = clock.instant();
        for (ChunkWriters.Committed c : chunks) {
            String key = TargetProgress.key(c.table().database(), c.table().table());
            TableProgress p = tables.get(key);
            TableProgress next = new TableProgress(p.task(), p.database(), p.table(), p.estimatedRows(),
                    p.rowsDone() + c.rows(), c.lastKey(), c.done(), c.chunks(), now);
            tables.put(key, next);
            unsaved.put(key, next);
            rowsThisRun += c.rows();
            tableDone |= c.done();
        }
        if (!unsaved.isEmpty() && (flush || tableDone || now.isAfter(lastSave.plus(SAVE_EVERY)))) {
            store.save(List.copyOf(unsaved.values()), lease.valid(LEASE_WAIT));
            unsaved.clear();
            lastSave = now;
        }
    }
}
