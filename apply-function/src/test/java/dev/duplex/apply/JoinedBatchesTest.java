package dev.duplex.apply;

import static dev.duplex.apply.Batches.batch;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinedBatchesTest {
    private static RowChange row(long id) {
        return RowChange.insert("shop", "t", List.of("id", "v"), List.of("id"), List.of(i(id), s("x")));
    }

    private static Batch dml(long... positions) {
        return batch("t1", BatchKind.DML, false, txs(positions));
    }

    private static Transaction[] txs(long... positions) {
        Transaction[] out = new Transaction[positions.length];
        for (int k = 0; k < positions.length; k++) {
            out[k] = tx(positions[k], row(positions[k]));
        }
        return out;
    }

    @Test
    void shouldJoinTransactionsInOrderWithTheLastSeqAndTheWholeRange() {
        Batch joined = JoinedBatches.join(List.of(dml(100, 200), dml(300), dml(400, 500)));

        assertEquals(List.of(100L, 200L, 300L, 400L, 500L),
                joined.transactions().stream().map(t -> t.seq().pos()).toList());
        assertEquals(joined.transactions().get(4).seq(), joined.seq());
        assertEquals(100, joined.range().from().pos());
        assertEquals(550, joined.range().to().pos());
    }

    @Test
    void shouldLeaveOutTransactionsAResumedCaptureSentAgain() {
        // 300..400 were sent again after a capture resume, in a message with new boundaries.
        Batch joined = JoinedBatches.join(List.of(dml(100, 200, 300), dml(300, 400), dml(400, 500)));

        assertEquals(List.of(100L, 200L, 300L, 400L, 500L),
                joined.transactions().stream().map(t -> t.seq().pos()).toList());
        assertEquals(550, joined.range().to().pos());
    }

    @Test
    void shouldNeverJoinAMessageThatDoesNotContinueTheRunsChain() {
        Batch first = dml(100);
        Batch afterHole = Batches.chained("t1", BatchKind.DML, false,
                new Batch.Chain(Batches.CHAIN, Batches.SOURCE, Seq.ofTransaction(new BinlogPosition(Batches.FILE, 200), 0)),
                txs(300));
        Batch otherChain = Batches.chained("t1", BatchKind.DML, false,
                new Batch.Chain("other-run", Batches.SOURCE, Seq.ZERO), txs(300));
        Batch formatOne = Batches.chained("t1", BatchKind.DML, false, null, txs(300));

        assertFalse(JoinedBatches.joinable(first, first, afterHole), "seq 200 lies between: never applied over");
        assertFalse(JoinedBatches.joinable(first, first, otherChain));
        assertFalse(JoinedBatches.joinable(first, first, formatOne));
    }

    @Test
    void shouldJoinHeartbeatsWithRowsButNeverDdlSnapshotOrCatchUpWithOthers() {
        Batch heartbeat = batch("t1", BatchKind.HEARTBEAT, false, txs(300));
        Batch ddl = batch("t1", BatchKind.DDL, false, tx(300, new DdlChange("shop", "ALTER TABLE t ADD c INT")));
        Batch snapshot = batch("t1", BatchKind.SNAPSHOT, false, txs(300));
        Batch catchUp = batch("t1", BatchKind.DML, true, txs(300));
        Batch otherTask = batch("t2", BatchKind.DML, false, txs(300));

        assertTrue(JoinedBatches.joinable(dml(100), dml(100), heartbeat));
        assertEquals(BatchKind.DML, JoinedBatches.join(List.of(dml(100), heartbeat)).kind());
        assertFalse(JoinedBatches.joinable(dml(100), dml(100), ddl));
        assertFalse(JoinedBatches.joinable(ddl, ddl, ddl));
        assertFalse(JoinedBatches.joinable(dml(100), dml(100), snapshot));
        assertTrue(JoinedBatches.joinable(snapshot, snapshot, batch("t1", BatchKind.SNAPSHOT, false, txs(400))));
        assertFalse(JoinedBatches.joinable(dml(100), dml(100), catchUp));
        assertFalse(JoinedBatches.joinable(dml(100), dml(100), otherTask));
    }
}
