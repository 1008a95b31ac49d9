package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The apply function reads the task record at most once per task max age while the task applies
 * (one DynamoDB read per second, not per invocation): a pause set elsewhere holds messages back
 * within that age, a resume and the function's own task failure take effect at once.
 */
class TaskRecordAgeIT {
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

    private static RowChange insert(String table, long id) {
        return RowChange.insert("shop", table, COLS, List.of("id"), List.of(i(id), s("v")));
    }

    private static SQSBatchResponse deliver(FifoQueues.FifoQueue q, String task, long pos, long id,
                                            SqsBatchProcessor p) {
        fx.send(q, dml(task, pos, insert(task, id)));
        return fx.deliver(q, fx.receive(q, 1), p);
    }

    @Test
    void shouldHoldMessagesBackWithinTheTaskMaxAgeOfAPauseAndApplyAtOnceAfterAResume() throws Exception {
        String task = "aged";
        fx.putTask(task, "", "- shop");
        fx.resume(task);
        fx.sql("CREATE TABLE shop.aged (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        HeartbeatDdlIT.ManualClock clock = new HeartbeatDdlIT.ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (ApplyContext ctx = fx.context(task, clock, ApplyContext.TASK_MAX_AGE)) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, StatementListener.NONE, clock);
            assertTrue(deliver(q, task, 100, 1, p).getBatchItemFailures().isEmpty());
            fx.setState(task, TaskState.PAUSED);

            clock.advance(Duration.ofMillis(500));
            assertTrue(deliver(q, task, 200, 2, p).getBatchItemFailures().isEmpty(),
                    "within the max age the RUNNING record read 0.5 s ago still holds");
            clock.advance(Duration.ofMillis(600));
            assertEquals(1, deliver(q, task, 300, 3, p).getBatchItemFailures().size(), "past it the pause is seen");
            assertEquals("2", fx.scalar("SELECT COUNT(*) FROM shop.aged"));

            fx.setState(task, TaskState.RUNNING);
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty(),
                    "a stopped task is read every time: the resume is seen with no clock move");
            assertEquals("3", fx.scalar("SELECT COUNT(*) FROM shop.aged"));
        }
    }

    @Test
    void shouldHoldMessagesBackRightAfterFailingTheTaskItself() throws Exception {
        String task = "agedfail";
        fx.putTask(task, "conflictPolicy: task-failed", "- shop");
        fx.resume(task);
        fx.sql("CREATE TABLE shop.agedfail (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO shop.agedfail VALUES (1, 'target')");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        HeartbeatDdlIT.ManualClock clock = new HeartbeatDdlIT.ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        try (ApplyContext ctx = fx.context(task, clock, ApplyContext.TASK_MAX_AGE)) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, StatementListener.NONE, clock);
            assertEquals(1, deliver(q, task, 100, 1, p).getBatchItemFailures().size(), "INSERT_DUPLICATE fails the task");
            assertEquals(TaskState.FAILED, fx.state(task));

            fx.sql("DELETE FROM shop.agedfail WHERE id = 1");
            assertEquals(1, fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().size(),
                    "held back at the same instant: the cached RUNNING record was dropped");
            assertEquals("0", fx.scalar("SELECT COUNT(*) FROM shop.agedfail"));
        }
    }
}
