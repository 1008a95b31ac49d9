package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class ExactlyOnceIT {
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

    private static RowChange insert(String table, long id, String v) {
        return RowChange.insert("shop", table, COLS, List.of("id"), List.of(i(id), s(v)));
    }

    /** A keyless table: applying an insert twice would show as two rows. */
    private static RowChange logRow(String table, String v) {
        return RowChange.insert("shop", table, List.of("v"), List.of(), List.of(s(v)));
    }

    private static String count(String table) throws SQLException {
        return fx.scalar("SELECT COUNT(*) FROM shop." + table);
    }

    private String checkpoint(String task) throws SQLException {
        return fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = '" + task + "'");
    }

    @Test
    void shouldApplyBatchDeliveredTwiceOnlyOnce() throws Exception {
        String task = "twice";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.twice_log (v VARCHAR(10))", "CREATE TABLE shop.twice_t (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        Batch b = dml(task, 100, logRow("twice_log", "one"), insert("twice_t", 1, "x"));
        fx.send(q, b);
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx);
            List<Message> first = fx.receive(q, 1);
            assertTrue(fx.deliver(q, first, p).getBatchItemFailures().isEmpty());
            // Lambda may deliver the very same event again...
            assertTrue(p.process(ApplyFixture.event(q, first)).getBatchItemFailures().isEmpty());
            // ...and capture may re-send it after FIFO's 5-minute dedup window (new dedup id).
            fx.send(q, b, b.dedupId() + "-resent");
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty());
        }
        assertEquals("1", count("twice_log"));
        assertEquals("1", count("twice_t"));
        assertEquals(b.seq().text(), checkpoint(task));
        assertEquals(TaskState.CREATED, fx.state(task));
        assertTrue(fx.conflicts.recent(task, 10).isEmpty());
    }

    @Test
    void shouldSkipBatchRedeliveredAfterLaterOnesWereApplied() throws Exception {
        String task = "later";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.later_log (v VARCHAR(10))", "CREATE TABLE shop.later_t (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        Batch b1 = dml(task, 100, logRow("later_log", "1"), insert("later_t", 1, "x"));
        Batch b2 = dml(task, 200, logRow("later_log", "2"),
                RowChange.update("shop", "later_t", COLS, List.of("id"), List.of(i(1), s("x")), List.of(i(1), s("y"))));
        Batch b3 = dml(task, 300, logRow("later_log", "3"), insert("later_t", 2, "z"));
        for (Batch b : List.of(b1, b2, b3)) {
            fx.send(q, b);
        }
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx);
            assertTrue(fx.deliver(q, fx.receive(q, 3), p).getBatchItemFailures().isEmpty());
            fx.send(q, b1, b1.dedupId() + "-resent");
            fx.send(q, b2, b2.dedupId() + "-resent");
            assertTrue(fx.deliver(q, fx.receive(q, 2), p).getBatchItemFailures().isEmpty());
        }
        assertEquals("3", count("later_log"));
        assertEquals(List.of(List.of("1", "y"), List.of("2", "z")), fx.rows("SELECT id, v FROM shop.later_t ORDER BY id"));
        assertEquals(b3.seq().text(), checkpoint(task));
        assertTrue(fx.conflicts.recent(task, 10).isEmpty());
    }

    @Test
    void shouldApplyOnlyNewTransactionsWhenBatchBoundariesMoveAfterCaptureRestart() throws Exception {
        String task = "bounds";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.bounds_log (v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        Batch before = dml(task, tx(100, logRow("bounds_log", "100")), tx(200, logRow("bounds_log", "200")));
        Batch after = dml(task, tx(200, logRow("bounds_log", "200")), tx(300, logRow("bounds_log", "300")));
        fx.send(q, before);
        fx.send(q, after);
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 2), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertEquals(List.of(List.of("100"), List.of("200"), List.of("300")),
                fx.rows("SELECT v FROM shop.bounds_log ORDER BY v"));
        assertEquals(after.seq().text(), checkpoint(task));
    }

    @Test
    void shouldLeaveNothingPartialWhenConnectionDropsHalfwayAndApplyOnceOnRedelivery() throws Exception {
        String task = "dropped";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.dropped_t (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        List<RowChange> rows = new ArrayList<>();
        for (int n = 1; n <= 2000; n++) {
            rows.add(insert("dropped_t", n, "r" + n));
        }
        rows.add(RowChange.update("shop", "dropped_t", COLS, List.of("id"), List.of(i(1), s("r1")), List.of(i(1), s("changed"))));
        Batch big = dml(task, tx(100, rows.toArray(RowChange[]::new)));
        fx.send(q, big);
        AtomicBoolean killed = new AtomicBoolean();
        // After the second multi-row INSERT (1000 rows written, uncommitted), kill the apply session.
        StatementListener killer = (c, count) -> {
            if (count == 2 && killed.compareAndSet(false, true)) {
                killFromOutside(c);
            }
        };
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor once = fx.processor(ctx, RetryPolicy.NO_RETRY, killer, Clock.systemUTC());
            List<Message> m = fx.receive(q, 1);
            SQSBatchResponse r = fx.deliver(q, m, once);
            assertTrue(killed.get());
            assertEquals(List.of(m.get(0).messageId()), ApplyFixture.failedIdList(r));
            assertEquals("0", count("dropped_t"));
            assertTrue(checkpoint(task) == null || Seq.ZERO.text().equals(checkpoint(task)));
            assertEquals(TaskState.CREATED, fx.state(task), "a lost connection must not fail the task");

            SqsBatchProcessor normal = fx.processor(ctx);
            assertTrue(fx.deliver(q, fx.receive(q, 1), normal).getBatchItemFailures().isEmpty());
            fx.send(q, big, big.dedupId() + "-resent");
            assertTrue(fx.deliver(q, fx.receive(q, 1), normal).getBatchItemFailures().isEmpty());
        }
        assertEquals("2000", count("dropped_t"));
        assertEquals("changed", fx.scalar("SELECT v FROM shop.dropped_t WHERE id = 1"));
        assertEquals(big.seq().text(), checkpoint(task));
    }

    @Test
    void shouldRecoverWithinTheInvocationWhenConnectionDropsAndRetriesAreLeft() throws Exception {
        String task = "retried";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.retried_t (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        List<RowChange> rows = new ArrayList<>();
        for (int n = 1; n <= 1500; n++) {
            rows.add(insert("retried_t", n, "r" + n));
        }
        Batch big = dml(task, tx(100, rows.toArray(RowChange[]::new)));
        fx.send(q, big);
        AtomicBoolean killed = new AtomicBoolean();
        StatementListener killer = (c, count) -> {
            if (count == 2 && killed.compareAndSet(false, true)) {
                killFromOutside(c);
            }
        };
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, killer, Clock.systemUTC());
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty());
        }
        assertTrue(killed.get());
        assertEquals("1500", count("retried_t"));
    }

    @Test
    void shouldReportFourthAndEveryLaterMessageWhenTheFourthFails() throws Exception {
        String task = "tenth";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.tenth_t (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        for (int n = 1; n <= 10; n++) {
            String table = n == 4 ? "tenth_missing" : "tenth_t";
            fx.send(q, dml(task, 100L * n, insert(table, n, "m" + n)));
        }
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx);
            List<Message> ten = fx.receive(q, 10);
            SQSBatchResponse r = fx.deliver(q, ten, p);
            assertEquals(ten.subList(3, 10).stream().map(Message::messageId).toList(), ApplyFixture.failedIdList(r));
            assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")), fx.rows("SELECT id FROM shop.tenth_t ORDER BY id"));
            assertEquals(TaskState.FAILED, fx.state(task));
            assertTrue(fx.tasks.get(task).orElseThrow().stateReason().contains("tenth_missing"));

            // Fix the cause, resume, and the redelivered messages apply in order.
            fx.sql("CREATE TABLE shop.tenth_missing (id INT PRIMARY KEY, v VARCHAR(10))");
            fx.resume(task);
            assertTrue(fx.deliver(q, fx.receive(q, 7), p).getBatchItemFailures().isEmpty());
        }
        assertEquals("9", count("tenth_t"));
        assertEquals("1", count("tenth_missing"));
    }

    private static void killFromOutside(Connection applyConnection) throws SQLException {
        long id;
        try (Statement st = applyConnection.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        fx.sql("KILL CONNECTION " + id);
    }

}
