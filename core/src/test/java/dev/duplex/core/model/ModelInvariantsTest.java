package dev.duplex.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInvariantsTest {
    private static final List<String> COLS = List.of("id", "name");
    private static final List<String> KEY = List.of("id");
    private static final BinlogPosition P = new BinlogPosition("mysql-bin.000001", 4);

    @Test
    void shouldRejectImageWiderThanColumns() {
        assertThrows(IllegalArgumentException.class, () -> RowChange.insert("db", "t", COLS, KEY,
                List.of(new Value.Int(1), new Value.Text("x"), Value.Null.INSTANCE)));
    }

    @Test
    void shouldRejectInsertWithBeforeImage() {
        assertThrows(IllegalArgumentException.class, () -> new RowChange(Op.INSERT, "db", "t", COLS, KEY,
                List.of(new Value.Int(1), new Value.Text("x")), List.of(new Value.Int(1), new Value.Text("x"))));
    }

    @Test
    void shouldRejectKeyColumnOutsideColumns() {
        assertThrows(IllegalArgumentException.class, () -> RowChange.delete("db", "t", COLS, List.of("uid"),
                List.of(new Value.Int(1), new Value.Text("x"))));
    }

    @Test
    void shouldRequireBatchSeqToBeItsLastTransactionSeq() {
        var tx1 = new Transaction(Seq.ofTransaction(P, 0), "", 0, List.of(new DdlChange("db", "CREATE TABLE t (id INT)")));
        var tx2 = new Transaction(Seq.ofTransaction(P.withPos(400), 0), "", 0, List.of(new DdlChange("db", "DROP TABLE t")));
        var range = new BinlogRange(P, P.withPos(500));
        assertThrows(IllegalArgumentException.class, () -> new Batch(1, "t", Direction.A2B, "a", "a2b",
                tx1.seq(), range, BatchKind.DDL, false, null, List.of(tx1, tx2)));
        assertThrows(IllegalArgumentException.class, () -> new Batch(1, "t", Direction.A2B, "a", "a2b",
                tx1.seq(), range, BatchKind.DDL, false, null, List.of(tx2, tx1)));
        var ok = new Batch(1, "t", Direction.A2B, "a", "a2b", tx2.seq(), range, BatchKind.DDL, false, null, List.of(tx1, tx2));
        assertEquals("t:a2b:a2b:" + tx2.seq().text(), ok.dedupId());
    }

    @Test
    void shouldTellAResendUnderANewChainFromTheOriginalInTheDedupId() {
        var tx = new Transaction(Seq.ofTransaction(P, 0), "", 0, List.of(new DdlChange("db", "DROP TABLE t")));
        var range = new BinlogRange(P, P.withPos(500));
        var first = new Batch(2, "t", Direction.A2B, "a", "a2b", tx.seq(), range, BatchKind.DDL, false, null,
                List.of(tx), new Batch.Chain("run-1", "src", Seq.ZERO));
        var again = new Batch(2, "t", Direction.A2B, "a", "a2b", tx.seq(), range, BatchKind.DDL, false, null,
                List.of(tx), new Batch.Chain("run-1", "src", Seq.ZERO));
        var recovered = new Batch(2, "t", Direction.A2B, "a", "a2b", tx.seq(), range, BatchKind.DDL, false, null,
                List.of(tx), new Batch.Chain("run-2", "src", Seq.ZERO));
        assertEquals(first.dedupId(), again.dedupId(), "a restart's re-send is still deduplicated");
        assertNotEquals(first.dedupId(), recovered.dedupId(), "a recovered chain's re-send is not");
        var longTask = new Batch(2, "t".repeat(40), Direction.A2B, "a", "g".repeat(40), tx.seq(), range, BatchKind.DDL,
                false, null, List.of(tx), new Batch.Chain("k".repeat(32), "src", Seq.ZERO));
        assertTrue(longTask.dedupId().length() <= 128);
        assertTrue(longTask.dedupId().endsWith(tx.seq().text() + ":" + "k".repeat(32)), longTask.dedupId());
    }

    @Test
    void shouldRejectUnknownFormatVersion() {
        var tx = new Transaction(Seq.ofTransaction(P, 0), "", 0, List.of(new DdlChange("db", "DROP TABLE t")));
        var e = assertThrows(IllegalArgumentException.class, () -> new Batch(4, "t", Direction.A2B, "a", "a2b",
                tx.seq(), new BinlogRange(P, P), BatchKind.DDL, false, null, List.of(tx)));
        assertEquals("unsupported batch format version 4 (this build reads versions 1 to 3)", e.getMessage());
        var noChain = assertThrows(IllegalArgumentException.class, () -> new Batch(2, "t", Direction.A2B, "a", "a2b",
                tx.seq(), new BinlogRange(P, P), BatchKind.DDL, false, null, List.of(tx)));
        assertEquals("format 2 batches name their chain", noChain.getMessage());
    }

    @Test
    void shouldValidateTemporalAndBitShapes() {
        new Value.Date("0000-00-00");
        new Value.Time("-838:59:59.000000");
        new Value.DateTime("2024-02-29 23:59:59.999999");
        assertThrows(IllegalArgumentException.class, () -> new Value.Time("839:00:00"));
        assertThrows(IllegalArgumentException.class, () -> new Value.Date("2024-1-1"));
        assertEquals("0101", new Value.Bit(5, 4).binary());
        assertEquals(new Value.Bit(-1L, 64), Value.Bit.ofBinary("1".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new Value.Bit(8, 3));
    }
}
