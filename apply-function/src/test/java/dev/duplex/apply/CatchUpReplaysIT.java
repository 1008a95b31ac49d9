package dev.duplex.apply;

import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #18: rows a full sync's catch-up replays over rows already on the target are the
 * hand-over's overlap, not conflicts: they stay out of the conflict log and the conflicts
 * counter and are counted as catch-up replays, while a normal batch still records its conflicts.
 * On a real MariaDB, ElasticMQ and DynamoDB Local.
 */
class CatchUpReplaysIT {
    private static final List<String> COLS = List.of("id", "v");
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws SQLException {
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
    void shouldCountCatchUpReplaysApartAndRecordOnlyTheConflictsOfANormalBatch() throws Exception {
        String task = "replays";
        fx.putTask(task, "conflictPolicy: ignore", "- shop");
        // What the snapshot copied before the catch-up started: rows 1 and 2 are there already.
        fx.sql("CREATE TABLE shop.replays (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO shop.replays VALUES (1, 'snapshot'), (2, 'snapshot'), (5, 'target')");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        // The catch-up replays the inserts of rows 1 and 2, which the snapshot copied, and the
        // delete of row 3, which was gone before the snapshot read: three replays over the overlap.
        fx.send(q, Batches.batch(task, BatchKind.DML, true,
                tx(100, RowChange.insert("shop", task, COLS, List.of("id"), List.of(i(1), s("snapshot"))),
                        RowChange.insert("shop", task, COLS, List.of("id"), List.of(i(2), s("snapshot")))),
                tx(200, RowChange.delete("shop", task, COLS, List.of("id"), List.of(i(3), s("gone"))))));
        // After the hand-over, a write of node a meets node b's own row 5: a conflict (ignore).
        fx.send(q, Batches.dml(task, 300, RowChange.insert("shop", task, COLS, List.of("id"),
                List.of(i(5), s("from-a")))));
        try (ApplyContext ctx = fx.context(task)) {
            StatusRecorder recorder = new StatusRecorder(fx.status, task, Direction.A2B, Clock.systemUTC(),
                    Duration.ZERO);
            SqsBatchProcessor p = new SqsBatchProcessor(ctx,
                    new MessageApplier(ctx, recorder, RetryPolicy.NO_RETRY, StatementListener.NONE), recorder, 0);
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty());
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty());
        }

        List<ConflictRecord> recorded = fx.conflicts.recent(task, 10);
        assertEquals(1, recorded.size(), "only the normal batch's conflict is recorded: " + recorded);
        assertEquals("(id)=(5)", recorded.get(0).key());
        assertEquals("ignore", recorded.get(0).policy());
        DirectionStatus status = fx.status.get(task, Direction.A2B).orElseThrow();
        assertEquals(1, status.conflicts(), "the catch-up replays are not counted as conflicts");
        assertEquals(3, status.catchUpReplays(), "two inserts over copied rows and a delete of a row already gone");
        assertEquals(List.of(List.of("1", "snapshot"), List.of("2", "snapshot"), List.of("5", "target")),
                fx.rows("SELECT id, v FROM shop.replays ORDER BY id"));
    }
}
