package dev.duplex.apply;

import static dev.duplex.apply.Batches.batch;
import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.metrics.MetricNames;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #17, "Failed DDL visible": a DDL statement node b refuses is skipped and the direction
 * goes on applying, as in the reference; the direction's status counts the refusals of every
 * apply instance and keeps the latest with its error and time (what {@code duplex status} shows),
 * and each refusal is a {@code DdlFailures} metric for the alarm. On a real MariaDB target.
 */
class DdlFailuresIT {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** One apply instance of the direction: its own status recorder, metrics to {@code lines}. */
    private static SqsBatchProcessor instance(ApplyContext ctx, List<String> lines) {
        Clock clock = Clock.systemUTC();
        StatusRecorder recorder = new StatusRecorder(fx.status, ctx.task(), ctx.direction(), clock,
                Duration.ofSeconds(1), EmfMetrics.to(lines::add, clock));
        return new SqsBatchProcessor(ctx, new MessageApplier(ctx, recorder, RetryPolicy.DEFAULT, StatementListener.NONE),
                recorder, 0);
    }

    private static RowChange insert(String table, long id, String v) {
        return RowChange.insert("shop", table, COLS, List.of("id"), List.of(i(id), s(v)));
    }

    private static long ddlFailuresEmitted(List<String> lines) throws Exception {
        long n = 0;
        for (String line : lines) {
            JsonNode j = JSON.readTree(line);
            assertEquals("a2b", j.path("Direction").asText(), line);
            n += j.path(MetricNames.DDL_FAILURES).asLong(0);
        }
        return n;
    }

    @Test
    void shouldGoOnApplyingAfterARefusedDdlAndShowItsCountStatementErrorAndTime() throws Exception {
        String task = "refused";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.items (id INT PRIMARY KEY, v VARCHAR(20))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, insert("items", 1, "a")));
        // Node b's items has no column sku (a has): b refuses the ALTER with 1054.
        fx.send(q, batch(task, BatchKind.DDL, false, tx(200, new DdlChange("shop",
                "ALTER TABLE items CHANGE COLUMN sku sku VARCHAR(20) NOT NULL DEFAULT 'sekrit-sku'"))));
        fx.send(q, dml(task, 300, insert("items", 2, "b")));
        List<String> lines = new ArrayList<>();
        Instant before = Instant.now();
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 3), instance(ctx, lines)).getBatchItemFailures().isEmpty());
        }
        Instant after = Instant.now();

        assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), fx.rows("SELECT id, v FROM shop.items ORDER BY id"),
                "the rows after the refused DDL are applied");
        assertNotEquals(TaskState.FAILED, fx.state(task));
        assertTrue(fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = 'refused'").contains(".0000000000300."));
        DirectionStatus status = fx.status.get(task, Direction.A2B).orElseThrow();
        assertEquals(1, status.ddlFailures());
        RefusedDdl last = status.lastDdlFailure().orElseThrow();
        assertEquals("shop", last.database());
        assertEquals("ALTER TABLE items CHANGE COLUMN sku sku VARCHAR(20) NOT NULL DEFAULT '<redacted>'",
                last.statement(), "the statement, its string literals hidden");
        assertTrue(last.error().startsWith("[MySQL error 1054]") && last.error().contains("'sku'"), last.error());
        assertFalse(last.at().isBefore(before.minusMillis(1)) || last.at().isAfter(after), last.at().toString());
        assertEquals("", status.lastError(), "a refused DDL does not stop the direction: it is not its last error");
        assertEquals(1, ddlFailuresEmitted(lines), "one DdlFailures metric: " + lines);
    }

    @Test
    void shouldCountTheRefusalsOfEveryApplyInstanceOfTheDirection() throws Exception {
        String task = "refused_twice";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.twice (id INT PRIMARY KEY, v VARCHAR(20))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, batch(task, BatchKind.DDL, false, tx(100, new DdlChange("shop", "ALTER TABLE twice DROP COLUMN sku"))));
        fx.send(q, dml(task, 200, insert("twice", 1, "a")));
        fx.send(q, batch(task, BatchKind.DDL, false, tx(300, new DdlChange("shop", "DROP INDEX no_such_index ON twice"))));
        fx.send(q, dml(task, 400, insert("twice", 2, "b")));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        try (ApplyContext one = fx.context(task); ApplyContext two = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 2), instance(one, first)).getBatchItemFailures().isEmpty());
            assertEquals(1, fx.status.get(task, Direction.A2B).orElseThrow().ddlFailures());
            assertTrue(fx.deliver(q, fx.receive(q, 2), instance(two, second)).getBatchItemFailures().isEmpty());
        }

        assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), fx.rows("SELECT id, v FROM shop.twice ORDER BY id"));
        DirectionStatus status = fx.status.get(task, Direction.A2B).orElseThrow();
        assertEquals(2, status.ddlFailures(), "one count for the direction, whichever instance met the refusal");
        RefusedDdl last = status.lastDdlFailure().orElseThrow();
        assertEquals("DROP INDEX no_such_index ON twice", last.statement());
        assertTrue(last.error().startsWith("[MySQL error 1091]") && last.error().contains("no_such_index"),
                last.error());
        assertEquals(1, ddlFailuresEmitted(first));
        assertEquals(1, ddlFailuresEmitted(second));
        List<TaskLogEntry> log = fx.status.log(task, 10);
        assertEquals(2, log.size(), "each refusal is in the task log: " + log);
        assertTrue(log.get(0).message().contains("no_such_index"), log.get(0).message());
    }

    @Test
    void shouldKeepTheStatementsStringLiteralsOutOfStatusTaskLogAndLogs() throws Exception {
        String task = "refused_literal";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.lit (id INT PRIMARY KEY, v VARCHAR(20))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        // A syntax error quotes the statement from where it stops understanding it: here the literal too.
        fx.send(q, batch(task, BatchKind.DDL, false, tx(100, new DdlChange("shop",
                "ALTER TABLE lit ADD COLUMN c INT MISSPELT_DEFAULT 'sekrit-default'"))));
        try (LogCapture logs = new LogCapture(); ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 1), instance(ctx, new ArrayList<>())).getBatchItemFailures()
                    .isEmpty());
            RefusedDdl last = fx.status.get(task, Direction.A2B).orElseThrow().lastDdlFailure().orElseThrow();
            assertTrue(last.error().startsWith("[MySQL error 1064]") && last.error().contains(" near '")
                    && last.error().contains("<redacted>"), last.error());
            assertTrue(last.statement().contains("MISSPELT_DEFAULT '<redacted>'"), last.statement());
            assertFalse((last.statement() + last.error()).contains("sekrit"), last.statement() + " / " + last.error());
            String logged = fx.status.log(task, 10).get(0).message();
            assertFalse(logged.contains("sekrit"), logged);
            assertTrue(logs.text().contains("MISSPELT_DEFAULT"), "the refused DDL is logged:\n" + logs.text());
            assertFalse(logs.text().contains("sekrit"), logs.text());
        }
    }
}
