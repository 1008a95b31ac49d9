package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue #15: on Lambda a target statement is bounded by the invocation's time left minus a
 * margin, so a lock held on the target ends as a retriable lock wait time-out inside the
 * function and the message is returned as failed, not as a Lambda time-out that SQS retries blindly.
 */
class InvocationLimitIT {
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
    void shouldReturnTheMessageWithALockWaitErrorBeforeTheInvocationTimesOut() throws Exception {
        String task = "locked";
        fx.putTask(task, "", "- shop");
        fx.resume(task);
        fx.sql("CREATE TABLE shop.locked (id INT PRIMARY KEY, v VARCHAR(10))", "INSERT INTO shop.locked VALUES (1, 'old')");
        FifoQueues.FifoQueue q = fx.queue(task, 100);
        fx.send(q, dml(task, 100, RowChange.update("shop", "locked", COLS, List.of("id"), List.of(i(1), s("old")),
                List.of(i(1), s("new")))));
        // The server's own lock wait (50 s by default) would outlast the whole invocation.
        InvocationLimit limit = new InvocationLimit(Duration.ofSeconds(20), Duration.ofSeconds(10));
        try (ApplyContext ctx = fx.context(task).limitInvocations(limit);
             Connection holder = fx.target.connect()) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, StatementListener.NONE, Clock.systemUTC());
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT * FROM shop.locked WHERE id = 1 FOR UPDATE");
            }

            List<Message> m = fx.receive(q, 1);
            long start = System.nanoTime();
            SQSBatchResponse r = fx.deliver(q, m, p);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(List.of(m.get(0).messageId()), ApplyFixture.failedIdList(r));
            assertTrue(took.compareTo(Duration.ofSeconds(8)) > 0 && took.compareTo(Duration.ofSeconds(14)) < 0,
                    "the lock wait ends about 10 s in (20 s invocation - 10 s margin), took " + took);
            assertEquals(TaskState.RUNNING, fx.state(task), "a lock wait passes: the task goes on");
            String error = fx.status.get(task, Direction.A2B).orElseThrow().lastError();
            assertTrue(error.contains("Lock wait timeout"), error);

            holder.rollback();
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty(), "released, it applies");
        }
        assertEquals("new", fx.scalar("SELECT v FROM shop.locked WHERE id = 1"));
    }
}
