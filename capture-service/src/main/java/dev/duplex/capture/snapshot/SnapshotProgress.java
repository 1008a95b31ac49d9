package dev.duplex.capture.snapshot;

import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import dev.duplex.core.wire.ImageJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chunk indexes and per-table progress of one snapshot run. Indexes are handed out in publish
 * order and reserved in blocks in the store ahead of use, so a resumed run starts above every
 * index a crashed run may have sent. A chunk's progress is stored only once the chunk is safe
 * ({@link #confirm}): on AWS as soon as SQS accepted it, on the local runtime once node b applied
 * it; a crash therefore re-reads at most the chunks not yet confirmed, and never a finished table.
 */
final class SnapshotProgress {
    static final long RESERVE = 256;
    private static final Duration LEASE_WAIT = Duration.ofSeconds(5);

    private record Pending(long lastIndex, String table, long rows, String lastKey, boolean done, long batches) {}

    private final SnapshotStore store;
    private final LeaseKeeper lease;
    private final Clock clock;
    private final Map<String, TableProgress> tables = new LinkedHashMap<>();
    private final Deque<Pending> pending = new ArrayDeque<>();
    private SnapshotState state;
    private long next;
    private long lastAssigned = -1;

    SnapshotProgress(SnapshotStore store, LeaseKeeper lease, Clock clock, SnapshotState state,
                     List<TableProgress> stored) {
        this.store = store;
        this.lease = lease;
        this.clock = clock;
        this.state = state;
        this.next = state.nextChunk();
        stored.forEach(p -> tables.put(key(p.database(), p.table()), p));
    }

    TableProgress table(SnapshotTable t) {
        return tables.get(key(t.database(), t.table()));
    }

    /** Database and table, unambiguous whatever characters the names hold. */
    private static String key(String database, String table) {
        return database + '\u0000' + table;
    }

    /** Adds progress items for tables seen for the first time (so status shows totals from the start). */
    void register(List<SnapshotTable> all) {
        List<TableProgress> fresh = new ArrayList<>();
        for (SnapshotTable t : all) {
            if (!tables.containsKey(key(t.database(), t.table()))) {
                TableProgress p = TableProgress.start(state.task(), t.database(), t.table(), t.estimatedRows(),
                        clock.instant());
                tables.put(key(t.database(), t.table()), p);
                fresh.add(p);
            }
        }
        if (!fresh.isEmpty()) {
            store.save(fresh, lease.valid(LEASE_WAIT));
        }
    }

    /** The next chunk index, reserving a new block in the store first when the last one is used up. */
    long nextIndex() {
        if (next >= state.nextChunk()) {
            state = state.withNextChunk(next + RESERVE, clock.instant());
            store.save(state, lease.valid(LEASE_WAIT));
        }
        lastAssigned = next;
        return next++;
    }

    /** The state as last stored (index reservations move it). */
    SnapshotState state() {
        return state;
    }

    /** The highest index handed out in this run, -1 before the first. */
    long lastAssigned() {
        return lastAssigned;
    }

    /** A chunk was published in {@code batches} batches, the last with index {@link #lastAssigned}. */
    void published(Chunk chunk, long batches) {
        String key = chunk.lastKey() == null ? "" : keyText(chunk.table(), chunk.lastKey());
        pending.add(new Pending(lastAssigned, key(chunk.table().database(), chunk.table().table()), chunk.rows().size(),
                key, chunk.last(), batches));
    }

    /** Stores the progress of every pending chunk whose batches are all at or below {@code appliedIndex}. */
    void confirm(long appliedIndex) {
        Map<String, TableProgress> changed = new LinkedHashMap<>();
        while (!pending.isEmpty() && pending.peekFirst().lastIndex() <= appliedIndex) {
            Pending p = pending.pollFirst();
            TableProgress now = tables.get(p.table()).advanced(p.rows(), p.lastKey(), p.done(), p.batches(),
                    clock.instant());
            tables.put(p.table(), now);
            changed.put(p.table(), now);
        }
        if (!changed.isEmpty()) {
            store.save(List.copyOf(changed.values()), lease.valid(LEASE_WAIT));
        }
    }

    boolean allConfirmed() {
        return pending.isEmpty();
    }

    /** The last key of a stored progress item, as values in key order; null before the first chunk. */
    static List<Value> lastKey(TableProgress p) {
        return lastKey(p.lastKey());
    }

    /** A stored last key ({@link #keyText}) as values in key order; null for "" (before the first chunk). */
    static List<Value> lastKey(String text) {
        return text.isEmpty() ? null : List.copyOf(ImageJson.decode(text).values());
    }

    static String keyText(SnapshotTable t, List<Value> key) {
        return ImageJson.encode(t.key(), key);
    }
}
