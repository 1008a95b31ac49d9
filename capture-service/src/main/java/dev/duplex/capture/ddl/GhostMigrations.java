package dev.duplex.capture.ddl;

import dev.duplex.core.config.TableRef;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * gh-ost migrations in flight on node a: the ALTER gh-ost ran on its ghost table ({@code _x_gho}),
 * kept until the cut-over renames the ghost over the real table, when node b gets that ALTER.
 *
 * <p>The ALTER is only in memory, so a capture restarted between it and the cut-over must read
 * it again: while a migration is pending, every checkpoint this capture writes is held at the
 * transaction boundary before the ghost's ALTER ({@link #pinned}); a restart re-reads from there
 * (what was already sent is dropped by seq on node b) and so sees the ALTER again. The binlog
 * must be kept for the migration's duration; if it was purged, the capture stops loudly at start.
 *
 * <p>{@link #altered}, {@link #take}, {@link #forget} and {@link #selected} run on the capture's
 * processing thread; {@link #pinned} on its publishing thread.
 */
public final class GhostMigrations {
    /** @param floor the transaction boundary before the ghost's ALTER: where a restart must read from */
    private record Pending(String spec, BinlogPosition floor) {}

    private final Map<TableRef, Pending> pending = new HashMap<>();
    /** For each transaction selected while a migration was pending (by binlog position), the checkpoint floor. */
    private final ConcurrentSkipListMap<Seq, BinlogPosition> floors = new ConcurrentSkipListMap<>();

    /** gh-ost altered {@code ghost}: {@code spec} is what follows the table name. A second ALTER adds to the first. */
    void altered(String db, String ghost, String spec, BinlogPosition floor) {
        TableRef key = new TableRef(db, ghost);
        Pending before = pending.get(key);
        pending.put(key, before == null ? new Pending(spec, floor) : new Pending(before.spec + ", " + spec, before.floor));
    }

    /** The ALTER of {@code ghost}, now that it replaces its table; the migration is no longer pending. */
    Optional<String> take(String db, String ghost) {
        Pending p = pending.remove(new TableRef(db, ghost));
        return Optional.ofNullable(p).map(Pending::spec);
    }

    /** The ghost table was created again or dropped: a migration on it starts over or was abandoned. */
    void forget(String db, String ghost) {
        pending.remove(new TableRef(db, ghost));
    }

    public boolean anyPending() {
        return !pending.isEmpty();
    }

    /** The transaction that starts at {@code seq} is published: its checkpoint must not pass a pending ALTER. */
    public void selected(Seq seq) {
        if (pending.isEmpty()) {
            return; // nearly always: called for every transaction capture publishes
        }
        pending.values().stream().map(Pending::floor).min(BinlogPosition::compareTo)
                .ifPresent(floor -> floors.put(key(seq), floor));
    }

    /**
     * The checkpoint to store for {@code cp}: held back to the floor of the migrations pending when
     * its last transaction was selected, else {@code cp} itself.
     */
    public CaptureCheckpoint pinned(CaptureCheckpoint cp) {
        Seq k = key(cp.lastSeq());
        BinlogPosition floor = floors.get(k);
        floors.headMap(k, true).clear();
        if (floor == null || floor.compareTo(cp.position()) >= 0) {
            return cp;
        }
        return cp.at(floor);
    }

    /** Fragments of one transaction share its floor. */
    private static Seq key(Seq seq) {
        return new Seq(seq.file(), seq.pos(), seq.phase(), 0);
    }
}
