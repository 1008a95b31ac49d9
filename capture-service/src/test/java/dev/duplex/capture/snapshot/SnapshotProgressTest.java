package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.decode.TextCharset;
import dev.duplex.capture.publish.LeaseKeeper;
import dev.duplex.capture.testing.FakeLeaseStore;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapshotProgressTest {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final SnapshotTable T = new SnapshotTable("shop", "t", List.of(
            new SourceColumn("a", ReadKind.SIGNED, TextCharset.BINARY, 0, false),
            new SourceColumn("b", ReadKind.TEXT, TextCharset.UTF8MB4, 0, false)), List.of("a", "b"), 1000);

    /** Keeps what it is given, in memory. */
    static final class MemoryStore implements SnapshotStore {
        SnapshotState state;
        final Map<String, TableProgress> tables = new HashMap<>();
        int progressWrites;

        @Override
        public Optional<SnapshotState> state(String task) {
            return Optional.ofNullable(state);
        }

        @Override
        public void save(SnapshotState s) {
            state = s;
        }

        @Override
        public void save(SnapshotState s, Lease lease) {
            state = s;
        }

        @Override
        public List<TableProgress> tables(String task) {
            return new ArrayList<>(tables.values());
        }

        @Override
        public void save(List<TableProgress> progress, Lease lease) {
            progressWrites++;
            progress.forEach(p -> tables.put(p.qualifiedName(), p));
        }
    }

    private static LeaseKeeper lease() {
        FakeLeaseStore leases = new FakeLeaseStore(CLOCK);
        Lease l = leases.tryAcquire("shop", "a", "me", Duration.ofMinutes(1)).orElseThrow();
        return new LeaseKeeper(leases, l, Duration.ofMinutes(1), Duration.ofSeconds(20), CLOCK, () -> { });
    }

    private static SnapshotState started(long nextChunk) {
        return SnapshotState.initial("shop", CLOCK.instant())
                .withPositions(new BinlogPosition("mysql-bin.000001", 4), new BinlogPosition("mysql-bin.000001", 4),
                        CLOCK.instant()).withNextChunk(nextChunk, CLOCK.instant());
    }

    private static Chunk chunk(int lastA, int rows, boolean last) {
        List<List<Value>> r = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            r.add(List.of(new Value.Int(lastA), new Value.Text("k")));
        }
        return new Chunk(T, r, List.of(new Value.Int(lastA), new Value.Text("k" + lastA)), last);
    }

    @Test
    void shouldReserveIndexesAheadSoAResumedRunStartsAboveEverythingSent() {
        MemoryStore store = new MemoryStore();
        SnapshotProgress p = new SnapshotProgress(store, lease(), CLOCK, started(0), List.of());
        assertEquals(0, p.nextIndex());
        assertEquals(SnapshotProgress.RESERVE, store.state.nextChunk(), "a block is reserved before the first index");
        for (int i = 1; i < SnapshotProgress.RESERVE; i++) {
            p.nextIndex();
        }
        assertEquals(SnapshotProgress.RESERVE, p.nextIndex());
        assertEquals(2 * SnapshotProgress.RESERVE, store.state.nextChunk());

        SnapshotProgress resumed = new SnapshotProgress(store, lease(), CLOCK, store.state, List.of());
        assertEquals(2 * SnapshotProgress.RESERVE, resumed.nextIndex());
    }

    @Test
    void shouldStoreAChunksProgressOnlyOnceEveryBatchOfItIsSafeAndInOrder() {
        MemoryStore store = new MemoryStore();
        SnapshotProgress p = new SnapshotProgress(store, lease(), CLOCK, started(0), List.of());
        p.register(List.of(T));
        assertEquals(0, store.tables.get("shop.t").rowsDone());
        p.nextIndex();
        p.nextIndex();
        p.published(chunk(10, 10, false), 2);
        p.nextIndex();
        p.published(chunk(20, 10, true), 1);
        p.confirm(0);
        assertEquals(0, store.tables.get("shop.t").rowsDone(), "batch 1 of the first chunk is not applied yet");
        p.confirm(1);
        TableProgress first = store.tables.get("shop.t");
        assertEquals(10, first.rowsDone());
        assertFalse(first.done());
        assertEquals(List.of(new Value.Int(10), new Value.Text("k10")), SnapshotProgress.lastKey(first));
        assertFalse(p.allConfirmed());
        p.confirm(AppliedSnapshot.ALL);
        TableProgress done = store.tables.get("shop.t");
        assertEquals(20, done.rowsDone());
        assertEquals(3, done.batches());
        assertTrue(done.done());
        assertTrue(p.allConfirmed());
    }

    @Test
    void shouldReadNoLastKeyBeforeTheFirstChunk() {
        assertNull(SnapshotProgress.lastKey(TableProgress.start("shop", "shop", "t", 5, CLOCK.instant())));
    }
}
