package dev.duplex.apply;

import static dev.duplex.apply.Batches.batch;
import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: the row values a server error quotes (and a conflict's key values) stay out of what
 * operators and log readers see at INFO and above: the direction's last error, the task's FAILED
 * reason, the task log and the logs. The names of keys and columns stay. Every secret-looking
 * value starts "sekrit"; the conflict log, which is for the row values, keeps them.
 */
class RowValuesStayOutOfStatusAndLogsIT {
    private static final String SECRET = "sekrit";
    private static final List<String> USER_COLS = List.of("id", "email", "n");
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

    private static String lastError(String task) {
        return fx.status.get(task, Direction.A2B).orElseThrow().lastError();
    }

    private static void assertClean(String what, String text) {
        assertFalse(text.contains(SECRET), what + " quotes a row value: " + text);
    }

    @Test
    void shouldKeepTheValueOfAFailedUniqueKeyDdlOutOfStatusTaskLogAndLogs() throws Exception {
        String task = "ddl_dup";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.people (id INT PRIMARY KEY, nick VARCHAR(40))",
                "INSERT INTO shop.people VALUES (1, 'sekrit-nick'), (2, 'sekrit-nick')");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, batch(task, BatchKind.DDL, false,
                tx(100, new DdlChange("shop", "ALTER TABLE people ADD UNIQUE KEY uq_nick (nick)"))));
        try (LogCapture logs = new LogCapture(); ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().isEmpty(),
                    "a failed DDL is recorded and skipped");
            String error = fx.status.get(task, Direction.A2B).orElseThrow().lastDdlFailure().orElseThrow().error();
            assertTrue(error.contains("1062") && error.contains("Duplicate entry") && error.contains("uq_nick"), error);
            assertClean("the last refused DDL", error);
            List<TaskLogEntry> log = fx.status.log(task, 10);
            assertEquals(1, log.size(), "task log: " + log);
            assertClean("the task log", log.get(0).message());
            assertTrue(logs.text().contains("uq_nick"), "the failed DDL is logged:\n" + logs.text());
            assertClean("the logs", logs.text());
        }
    }

    @Test
    void shouldKeepTheValueOfAnIncorrectValueOutOfTheReasonLastErrorAndLogs() throws Exception {
        String task = "bad_value";
        fx.putTask(task, "", "- shop");
        // The target's n is an INT where the source's is text: the server refuses the value (1366).
        fx.sql("CREATE TABLE shop.bad_value (id INT PRIMARY KEY, email VARCHAR(60), n INT)");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, RowChange.insert("shop", task, USER_COLS, List.of("id"),
                List.of(i(1), s("x@example.com"), s("sekrit-number")))));
        try (LogCapture logs = new LogCapture(); ApplyContext ctx = fx.context(task)) {
            assertEquals(1, fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().size());
            assertEquals(TaskState.FAILED, fx.state(task));
            String reason = fx.reason(task);
            assertTrue(reason.contains("Incorrect integer value") && reason.contains("`n`"), reason);
            assertClean("the FAILED reason", reason);
            assertClean("the last error", lastError(task));
            assertTrue(logs.text().contains("setting the task FAILED"), "the failure is logged:\n" + logs.text());
            assertClean("the logs", logs.text());
        }
    }

    @Test
    void shouldNameTheColumnsNotTheValuesOfAConflictingKey() throws Exception {
        String task = "dup_key";
        fx.putTask(task, "conflictPolicy: task-failed", "- shop");
        fx.sql("CREATE TABLE shop.dup_key (id INT PRIMARY KEY, email VARCHAR(60), n INT, UNIQUE KEY uq_email (email))",
                "INSERT INTO shop.dup_key VALUES (1, 'sekrit-alice@example.com', 0)");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, RowChange.insert("shop", task, USER_COLS, List.of("id"),
                List.of(i(2), s("sekrit-alice@example.com"), i(1)))));
        try (LogCapture logs = new LogCapture(); ApplyContext ctx = fx.context(task)) {
            assertEquals(1, fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().size());
            assertEquals(TaskState.FAILED, fx.state(task));
            String reason = fx.reason(task);
            assertTrue(reason.contains("INSERT_DUPLICATE") && reason.contains("key (email) on row (id)"), reason);
            assertClean("the FAILED reason", reason);
            assertClean("the last error", lastError(task));
            assertTrue(logs.text().contains("INSERT_DUPLICATE"), "the conflict is logged:\n" + logs.text());
            assertClean("the logs", logs.text());
        }
        assertTrue(fx.conflicts.recent(task, 1).get(0).key().contains("sekrit-alice@example.com"),
                "the conflict log, for the operator who fixes the row, names it");
    }
}
