package dev.duplex.capture.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.wire.BatchCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private static final String FILE = "mysql-bin.000007";
    private static final long MS = 1_000_000L;
    private final BatchCodec codec = new BatchCodec();

    private static Batcher batcher(int maxBytes, long lingerMs) {
        return new Batcher(new BatchSettings("shop", Direction.A2B, null, maxBytes, Duration.ofMillis(lingerMs)));
    }

    private static RowChange row(int id, int payloadChars) {
        return RowChange.insert("shop", "orders", List.of("id", "note"), List.of("id"),
                List.of(new Value.Int(id), new Value.Text("x".repeat(payloadChars))));
    }

    private static SelectedTransaction tx(long pos, BatchKind kind, List<Change> changes) {
        BinlogPosition start = new BinlogPosition(FILE, pos);
        BinlogPosition end = new BinlogPosition(FILE, pos + 100, "0-1-" + pos);
        return new SelectedTransaction(new Transaction(Seq.ofTransaction(start, 0), "0-1-" + pos, pos * 1000, changes),
                kind, start, end);
    }

    private static SelectedTransaction dml(long pos, int rows, int payloadChars) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            changes.add(row(i, payloadChars));
        }
        return tx(pos, BatchKind.DML, changes);
    }

    @Test
    void shouldPackSmallTransactionsUntilTheLingerTimeIsOver() {
        Batcher b = batcher(100_000, 20);
        assertTrue(b.add(dml(100, 1, 10), 0).isEmpty());
        assertTrue(b.add(dml(200, 1, 10), 5 * MS).isEmpty());
        assertEquals(15 * MS, b.nanosUntilDue(5 * MS));
        assertTrue(b.poll(19 * MS).isEmpty());
        List<Batch> out = b.poll(20 * MS);
        assertEquals(1, out.size());
        Batch batch = out.get(0);
        assertEquals(2, batch.transactions().size());
        assertEquals(Seq.ofTransaction(new BinlogPosition(FILE, 200), 0), batch.seq());
        assertEquals(new BinlogPosition(FILE, 100), batch.range().from());
        assertEquals(new BinlogPosition(FILE, 300, "0-1-200"), batch.range().to());
        assertEquals(BatchKind.DML, batch.kind());
        assertEquals("a2b", batch.group());
        assertEquals("a", batch.origin());
        assertEquals(-1, b.nanosUntilDue(20 * MS));
    }

    @Test
    void shouldCloseABatchBeforeTheTransactionThatWouldOverflowIt() {
        int max = 8_000;
        Batcher b = batcher(max, 1000);
        List<Batch> out = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            out.addAll(b.add(dml(i * 1000L, 1, 2_000), 0));
        }
        out.addAll(b.flush());
        assertTrue(out.size() > 1);
        long last = 0;
        int transactions = 0;
        for (Batch batch : out) {
            assertTrue(codec.encode(batch).length <= max, "batch over the limit");
            for (Transaction t : batch.transactions()) {
                assertTrue(t.seq().pos() > last, "out of order");
                last = t.seq().pos();
                transactions++;
            }
        }
        assertEquals(10, transactions);
    }

    @Test
    void shouldSendDdlAndHeartbeatAloneAfterWhatWasPending() {
        Batcher b = batcher(100_000, 1000);
        b.add(dml(100, 1, 10), 0);
        List<Batch> out = b.add(tx(200, BatchKind.DDL, List.of(new DdlChange("shop", "ALTER TABLE t ADD c INT"))), 0);
        assertEquals(2, out.size());
        assertEquals(BatchKind.DML, out.get(0).kind());
        assertEquals(BatchKind.DDL, out.get(1).kind());
        List<Batch> hb = b.add(tx(300, BatchKind.HEARTBEAT, List.of(row(1, 1))), 0);
        assertEquals(1, hb.size());
        assertEquals(BatchKind.HEARTBEAT, hb.get(0).kind());
        assertFalse(b.hasPending());
    }

    @Test
    void shouldSplitATransactionOverTheLimitIntoOrderedFragments() {
        int max = 20_000;
        Batcher b = batcher(max, 1000);
        b.add(dml(50, 1, 10), 0);
        SelectedTransaction big = dml(1000, 300, 200);
        List<Batch> out = b.add(big, 0);
        assertEquals(BatchKind.DML, out.get(0).kind());
        assertEquals(Batch.Fragment.WHOLE, out.get(0).fragment());
        List<Batch> fragments = out.subList(1, out.size());
        assertTrue(fragments.size() > 2);
        int rows = 0;
        for (int i = 0; i < fragments.size(); i++) {
            Batch f = fragments.get(i);
            assertEquals(i, f.fragment().index());
            assertEquals(i == fragments.size() - 1, f.fragment().last());
            assertEquals(Seq.ofTransaction(big.start(), i), f.seq());
            assertEquals(big.end(), f.range().to());
            assertTrue(codec.encode(f).length <= max);
            rows += f.rowCount();
        }
        assertEquals(300, rows);
        // Deterministic: the same transaction gives the same fragments again (same seqs, same dedup ids).
        List<Batch> again = batcher(max, 1000).add(big, 0);
        assertEquals(fragments.stream().map(Batch::dedupId).toList(), again.stream().map(Batch::dedupId).toList());
    }

    @Test
    void shouldRefuseASingleRowLargerThanAMessage() {
        Batcher b = batcher(8_000, 10);
        var e = assertThrows(FatalException.class, () -> b.add(dml(100, 1, 9_000), 0));
        assertTrue(e.getMessage().contains("shop.orders"), e.getMessage());
    }

    @Test
    void shouldLetABatchWaitTheBacklogLingerWhileTheQueueHoldsABacklog() {
        AtomicBoolean backlog = new AtomicBoolean(true);
        Batcher b = new Batcher(new BatchSettings("shop", Direction.A2B, null, 100_000, Duration.ofMillis(20),
                Duration.ofMillis(250)), null, null, backlog::get);
        assertTrue(b.add(dml(100, 1, 10), 0).isEmpty());
        assertEquals(250 * MS, b.nanosUntilDue(0));
        assertTrue(b.poll(20 * MS).isEmpty(), "under a backlog the batch is not cut at the ordinary linger");
        assertTrue(b.add(dml(200, 1, 10), 100 * MS).isEmpty());
        assertEquals(1, b.poll(250 * MS).size());
    }

    @Test
    void shouldCutAtTheOrdinaryLingerAsSoonAsTheBacklogEnds() {
        AtomicBoolean backlog = new AtomicBoolean(true);
        Batcher b = new Batcher(new BatchSettings("shop", Direction.A2B, null, 100_000, Duration.ofMillis(20),
                Duration.ofMillis(250)), null, null, backlog::get);
        assertTrue(b.add(dml(100, 1, 10), 0).isEmpty());
        assertTrue(b.poll(30 * MS).isEmpty());
        backlog.set(false);
        assertEquals(0, b.nanosUntilDue(30 * MS));
        assertEquals(1, b.poll(30 * MS).size(), "a batch older than the ordinary linger goes at once");
    }

    @Test
    void shouldStillCutABacklogBatchAtTheByteLimit() {
        Batcher b = new Batcher(new BatchSettings("shop", Direction.A2B, null, 8_000, Duration.ofMillis(20),
                Duration.ofMillis(250)), null, null, () -> true);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.addAll(b.add(dml(100L * (i + 1), 1, 1_000), i * MS));
        }
        assertTrue(out.size() >= 2, "full batches are cut whatever the linger: " + out.size());
    }

    @Test
    void shouldNeverWaitLessUnderABacklogThanWithout() {
        BatchSettings s = new BatchSettings("shop", Direction.A2B, null, 100_000, Duration.ofMillis(50),
                Duration.ofMillis(10));
        assertEquals(Duration.ofMillis(50), s.backlogLinger());
    }
}
