package dev.duplex.capture.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-over after full sync: catch-up up to the snapshot's end position, the task's policy after it. */
class BatcherCatchUpTest {
    private static final String FILE = "mysql-bin.000003";
    private static final BatchSettings SETTINGS = new BatchSettings("shop", Direction.A2B, null, 100_000,
            Duration.ofMillis(20));

    private static SelectedTransaction tx(long pos) {
        BinlogPosition start = new BinlogPosition(FILE, pos);
        RowChange row = RowChange.insert("shop", "t", List.of("id"), List.of("id"), List.of(new Value.Int(pos)));
        return new SelectedTransaction(new Transaction(Seq.ofTransaction(start, 0), "", 0, List.of(row)),
                BatchKind.DML, start, new BinlogPosition(FILE, pos + 50));
    }

    @Test
    void shouldMarkTransactionsStartingBeforeTheSnapshotEndAsCatchUpAndNeverMixThem() {
        Batcher b = new Batcher(SETTINGS, new BinlogPosition(FILE, 300), new Batch.Chain("c1", "src", Seq.ZERO));
        List<Batch> out = new ArrayList<>();
        for (long pos : new long[] {100, 200, 300, 400}) {
            out.addAll(b.add(tx(pos), 0));
        }
        out.addAll(b.flush());
        assertEquals(2, out.size());
        assertEquals(true, out.get(0).catchUp());
        assertEquals(List.of(100L, 200L), out.get(0).transactions().stream().map(t -> t.seq().pos()).toList());
        assertEquals(false, out.get(1).catchUp(), "the transaction at the end position is after the snapshot");
        assertEquals(List.of(300L, 400L), out.get(1).transactions().stream().map(t -> t.seq().pos()).toList());
    }

    @Test
    void shouldMarkNothingWithoutASnapshot() {
        Batcher b = new Batcher(SETTINGS);
        b.add(tx(100), 0);
        assertEquals(false, b.flush().get(0).catchUp());
    }
}
