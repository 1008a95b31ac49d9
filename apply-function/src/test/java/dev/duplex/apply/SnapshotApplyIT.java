package dev.duplex.apply;

import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Full sync's snapshot batches: rows already on the target are kept, without conflicts, under any policy. */
class SnapshotApplyIT {
    private static final List<String> COLS = List.of("id", "code", "v");
    private static final BinlogPosition START = new BinlogPosition("mysql-bin.000002", 4000);
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE shop");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldKeepExistingTargetRowsAndInsertTheRestUnderTaskFailed() throws Exception {
        String task = "snap";
        fx.putTask(task, "conflictPolicy: task-failed", "- shop");
        fx.sql("CREATE TABLE shop.snap (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20))",
                "INSERT INTO shop.snap VALUES (2, 'b', 'target'), (50, 'x', 'target-unique')");
        List<RowChange> rows = new ArrayList<>();
        for (int id = 1; id <= 600; id++) {
            // id 49 carries code 'x', which row 50 holds on the target: kept out by the unique key;
            // ids 2 and 50 exist on the target: kept as they are.
            String code = id == 49 ? "x" : "c" + id;
            rows.add(RowChange.insert("shop", "snap", COLS, List.of("id"), List.of(i(id), s(code), s("source"))));
        }
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, snapshot(task, 0, rows.subList(0, 300)));
        fx.send(q, snapshot(task, 1, rows.subList(300, 600)));
        fx.send(q, snapshot(task, 1, rows.subList(300, 600))); // redelivered: skipped by seq
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx);
            assertTrue(fx.deliver(q, fx.receive(q, 2), p).getBatchItemFailures().isEmpty());
        }
        assertEquals("target", fx.scalar("SELECT v FROM shop.snap WHERE id = 2"));
        assertEquals("target-unique", fx.scalar("SELECT v FROM shop.snap WHERE id = 50"));
        assertEquals("0", fx.scalar("SELECT COUNT(*) FROM shop.snap WHERE id = 49"));
        assertEquals("597", fx.scalar("SELECT COUNT(*) FROM shop.snap WHERE v = 'source'"));
        assertEquals(0, fx.conflicts.recent(task, 10).size(), "kept rows are not conflicts");
        assertEquals(TaskState.CREATED, fx.state(task));
        assertEquals(Seq.ofSnapshotChunk(START, 1).text(),
                fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = 'snap'"));
    }

    private static Batch snapshot(String task, long chunk, List<RowChange> rows) {
        Transaction tx = new Transaction(Seq.ofSnapshotChunk(START, chunk), "", 0, List.copyOf(rows));
        return new Batch(Batch.V1, task, Direction.A2B, "a", QueueNames.defaultGroup(Direction.A2B),
                tx.seq(), new BinlogRange(START, START), BatchKind.SNAPSHOT, false, Batch.Fragment.WHOLE, List.of(tx));
    }
}
