package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Issue #15: the retry window of a direction is one for all apply function instances. Lambda runs
 * a direction's messages on whichever instance it picks and recycles instances at will: the
 * window starts at the direction's first failure, wherever it happened, and ends at its next success.
 */
class RetryWindowIT {
    private static final List<String> COLS = List.of("id", "v");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
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

    /** A task with a 10 minute retry window (the least allowed) whose table {@code task} exists. */
    private static void putTask(String task) throws SQLException {
        fx.tasks.put(task, "task: " + task + "\n"
                + "nodes:\n"
                + "  a: {host: 127.0.0.1, port: 1, user: duplex, password: env:DUPLEX_IT_A, tls: disabled}\n"
                + "  b: {host: " + fx.target.host() + ", port: " + fx.target.port() + ", user: " + fx.target.user()
                + ", password: env:DUPLEX_IT_B, tls: disabled}\n"
                + "retryWindowMinutes: 10\n"
                + "objects:\n  - shop\n");
        fx.resume(task);
        fx.sql("CREATE TABLE shop." + task + " (id INT PRIMARY KEY, v VARCHAR(10))");
    }

    /** Fails every statement with a lock wait time-out while {@code failing} is set: a target that passes. */
    private static StatementListener lockWaitWhile(AtomicBoolean failing) {
        return (c, count) -> {
            if (failing.get()) {
                throw new SQLException("Lock wait timeout exceeded; try restarting transaction (injected)", "HY000", 1205);
            }
        };
    }

    private static void send(FifoQueues.FifoQueue q, String task, long pos, long id) {
        fx.send(q, dml(task, pos, RowChange.insert("shop", task, COLS, List.of("id"), List.of(i(id), s("v")))));
    }

    private static Instant retryingSince(String task) {
        return fx.status.get(task, Direction.A2B).orElseThrow().retryingSince();
    }

    private static boolean fails(FifoQueues.FifoQueue q, SqsBatchProcessor p) {
        List<Message> m = fx.receive(q, 1);
        return !fx.deliver(q, m, p).getBatchItemFailures().isEmpty();
    }

    @Test
    void shouldGiveUpAtTheEndOfTheWindowThatAnotherInstanceStarted() throws Exception {
        String task = "shared";
        putTask(task);
        FifoQueues.FifoQueue q = fx.queue(task, 100);
        send(q, task, 100, 1);
        AtomicBoolean failing = new AtomicBoolean(true);
        HeartbeatDdlIT.ManualClock clock = new HeartbeatDdlIT.ManualClock(T0);
        try (ApplyContext one = fx.context(task, clock, Duration.ZERO);
             ApplyContext two = fx.context(task, clock, Duration.ZERO)) {
            SqsBatchProcessor first = fx.processor(one, RetryPolicy.NO_RETRY, lockWaitWhile(failing), clock);
            SqsBatchProcessor second = fx.processor(two, RetryPolicy.NO_RETRY, lockWaitWhile(failing), clock);

            assertTrue(fails(q, first));
            assertEquals(TaskState.RUNNING, fx.state(task), "the window has just begun");
            assertEquals(T0, retryingSince(task));

            clock.advance(Duration.ofMinutes(8)); // instance one is gone; instance two takes the direction over
            assertTrue(fails(q, second));
            assertEquals(TaskState.RUNNING, fx.state(task), "8 of the window's 10 minutes have passed");
            assertEquals(T0, retryingSince(task), "the earliest start stays");

            clock.advance(Duration.ofMinutes(2));
            assertTrue(fails(q, second));
            assertEquals(TaskState.FAILED, fx.state(task),
                    "10 minutes after the direction's first failure (instance one's), not 2 after instance two's");
            assertTrue(fx.reason(task).contains("retry window of 10 minutes"), fx.reason(task));
            assertEquals(Instant.EPOCH, retryingSince(task), "a resume after the fix begins a new window");
        }
    }

    @Test
    void shouldStartANewWindowAfterASuccessOnAnyInstance() throws Exception {
        String task = "cleared";
        putTask(task);
        FifoQueues.FifoQueue q = fx.queue(task, 100);
        send(q, task, 100, 1);
        AtomicBoolean failing = new AtomicBoolean(true);
        HeartbeatDdlIT.ManualClock clock = new HeartbeatDdlIT.ManualClock(T0);
        try (ApplyContext one = fx.context(task, clock, Duration.ZERO);
             ApplyContext two = fx.context(task, clock, Duration.ZERO)) {
            SqsBatchProcessor first = fx.processor(one, RetryPolicy.NO_RETRY, lockWaitWhile(failing), clock);
            SqsBatchProcessor second = fx.processor(two, RetryPolicy.NO_RETRY, lockWaitWhile(failing), clock);

            assertTrue(fails(q, first));
            clock.advance(Duration.ofMinutes(5));
            failing.set(false);
            assertTrue(!fails(q, second), "the target is back: the redelivered message applies on instance two");
            assertEquals(Instant.EPOCH, retryingSince(task), "the success ended the window");

            send(q, task, 200, 2);
            failing.set(true);
            clock.advance(Duration.ofMinutes(7)); // 12 minutes after the first failure, 7 after the success
            assertTrue(fails(q, first));
            assertEquals(TaskState.RUNNING, fx.state(task), "the success ended the first window: a new one begins");
            assertEquals(T0.plus(Duration.ofMinutes(12)), retryingSince(task));

            clock.advance(Duration.ofMinutes(9));
            assertTrue(fails(q, second));
            assertEquals(TaskState.RUNNING, fx.state(task), "9 minutes into the new window");
            clock.advance(Duration.ofMinutes(1));
            assertTrue(fails(q, second));
            assertEquals(TaskState.FAILED, fx.state(task), "the new window is over");
        }
        assertEquals("1", fx.scalar("SELECT COUNT(*) FROM shop." + task));
    }
}
