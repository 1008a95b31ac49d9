package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.testing.Configs;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.wire.BatchCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SnapshotBatcherTest {
    private static final BinlogPosition START = new BinlogPosition("mysql-bin.000004", 1234, "0-1-77");
    private static final SnapshotTable CUSTOMERS = ShopTables.CUSTOMERS;

    private static List<Value> row(int id, String region) {
        return List.of(new Value.Int(id), new Value.Text("n" + id + "x".repeat(200)), new Value.Text("e" + id),
                new Value.Text(region));
    }

    @Test
    void shouldSelectRenameAndFilterRowsLikeCaptureDoes() {
        SnapshotBatcher b = new SnapshotBatcher(Configs.shop(), Dialect.MARIADB, BatchSettings.defaults("shop", Direction.A2B), START);
        Chunk chunk = new Chunk(CUSTOMERS, List.of(row(1, "EU"), row(2, "US"), row(3, "EU")),
                List.of(new Value.Int(3)), true);
        List<RowChange> inserts = b.inserts(chunk);
        assertEquals(List.of(1L, 3L), inserts.stream().map(r -> ((Value.Int) r.after().get(0)).value()).toList());
        RowChange first = inserts.get(0);
        assertEquals(Op.INSERT, first.op());
        assertEquals("crm_eu", first.database());
        assertEquals("clients", first.table());
        assertEquals(List.of("id", "name", "region"), first.columns(), "email is not selected");
        assertEquals(List.of("id"), first.keyColumns());
    }

    @Test
    void shouldNumberBatchesInPublishOrderBetweenTransactionsBeforeAndAfterTheStart() {
        int max = 8 * 1024;
        SnapshotBatcher b = new SnapshotBatcher(Configs.shop(), Dialect.MARIADB,
                new BatchSettings("shop", Direction.A2B, null, max, Duration.ZERO), START);
        List<List<Value>> all = new ArrayList<>();
        for (int id = 1; id <= 200; id++) {
            all.add(row(id, "EU"));
        }
        AtomicLong next = new AtomicLong(256);
        List<Batch> batches = b.batches(b.inserts(new Chunk(CUSTOMERS, all, List.of(new Value.Int(200)), false)),
                next::getAndIncrement, 1_000, links(new Batch.Chain("c1", "src", Seq.ZERO)));
        assertTrue(batches.size() > 3, "rows spread over several batches: " + batches.size());
        BatchCodec codec = new BatchCodec();
        long expected = 256;
        int total = 0;
        Seq before = Seq.ZERO;
        for (Batch batch : batches) {
            assertEquals(before, batch.chain().prev(), "each batch names the one before it");
            before = batch.seq();
            assertEquals(BatchKind.SNAPSHOT, batch.kind());
            assertEquals(Seq.ofSnapshotChunk(START, expected++), batch.seq());
            assertTrue(codec.encode(batch).length <= max, "within the byte limit");
            assertTrue(batch.seq().compareTo(Seq.ofTransaction(START, 0)) < 0, "before the first transaction at start");
            assertTrue(batch.seq().compareTo(Seq.ofTransaction(START.withPos(1233), 0)) > 0,
                    "after a transaction that began before the start");
            total += batch.rowCount();
        }
        assertEquals(200, total);
        assertEquals(Seq.ofSnapshotChunk(START, 256), batches.get(0).transactions().get(0).seq());
        assertEquals(1, batches.get(0).transactions().size());
        assertEquals(0L, batches.stream().map(Batch::transactions).flatMap(List::stream)
                .mapToLong(Transaction::commitMicros).filter(m -> m != 1_000).count());
    }

    /** Links each batch to the one before, starting from {@code start}. */
    static Function<Seq, Batch.Chain> links(Batch.Chain start) {
        Batch.Chain[] at = {start};
        return seq -> {
            Batch.Chain link = at[0];
            at[0] = link.after(seq);
            return link;
        };
    }
}
