package dev.duplex.apply;

import static dev.duplex.apply.Batches.batch;
import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class HeartbeatDdlIT {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
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

    /** A clock the test moves by hand, so "at most once per second" needs no waiting. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Batch heartbeat(String task, long pos, Instant sourceTime) {
        String ts = LocalDateTime.ofInstant(sourceTime, ZoneOffset.UTC).format(TS);
        RowChange row = RowChange.update("duplex", "heartbeat", List.of("task", "node", "ts"), List.of("task", "node"),
                List.of(s(task), s("a"), new Value.DateTime("2000-01-01 00:00:00.000000")),
                List.of(s(task), s("a"), new Value.DateTime(ts)));
        return batch(task, BatchKind.HEARTBEAT, false, tx(pos, row));
    }

    @Test
    void shouldRecordLatencyAndProgressAtMostOncePerSecondPerDirection() throws Exception {
        String task = "beat";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.beat (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:10Z"));
        List<String> cols = List.of("id", "v");
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx, RetryPolicy.DEFAULT, StatementListener.NONE, clock);
            fx.send(q, heartbeat(task, 100, clock.instant().minusMillis(2000)));
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty());
            DirectionStatus first = fx.status.get(task, Direction.A2B).orElseThrow();
            assertEquals(2000, first.latencyMillis());
            assertEquals(1, first.batchesApplied());
            assertEquals(0, first.rowsApplied());

            fx.send(q, dml(task, tx(200, RowChange.insert("shop", "beat", cols, List.of("id"), List.of(i(1), s("x"))),
                    RowChange.insert("shop", "beat", cols, List.of("id"), List.of(i(2), s("y"))))));
            fx.send(q, heartbeat(task, 300, clock.instant().minusMillis(700)));
            assertTrue(fx.deliver(q, fx.receive(q, 2), p).getBatchItemFailures().isEmpty());
            assertEquals(first, fx.status.get(task, Direction.A2B).orElseThrow(), "no second write within a second");

            clock.advance(Duration.ofSeconds(1));
            fx.send(q, heartbeat(task, 400, clock.instant().minusMillis(250)));
            assertTrue(fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().isEmpty());
        }
        DirectionStatus later = fx.status.get(task, Direction.A2B).orElseThrow();
        assertEquals(250, later.latencyMillis());
        assertEquals(4, later.batchesApplied());
        assertEquals(2, later.rowsApplied());
        assertEquals("mysql-bin.000001:450", later.lastSourcePosition());
        assertTrue(later.lastAppliedSeq().contains(".0000000000400."), later.lastAppliedSeq());
        assertEquals("0", fx.scalar("SELECT COUNT(*) FROM duplex.heartbeat"), "heartbeats write no rows on the target");
        assertEquals(later.lastAppliedSeq(), fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = 'beat'"));
    }

    @Test
    void shouldRunDdlRecordAFailingOneInTheTaskLogAndGoOn() throws Exception {
        String task = "ddl";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.ddl_t (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, RowChange.insert("shop", "ddl_t", List.of("id", "v"), List.of("id"), List.of(i(1), s("a")))));
        fx.send(q, batch(task, BatchKind.DDL, false, tx(200, new DdlChange("shop", "ALTER TABLE ddl_t ADD COLUMN extra VARCHAR(10)"))));
        fx.send(q, batch(task, BatchKind.DDL, false, tx(300, new DdlChange("shop", "ALTER TABLE no_such_table ADD COLUMN x INT"))));
        fx.send(q, dml(task, 400, RowChange.insert("shop", "ddl_t", List.of("id", "v", "extra"), List.of("id"),
                List.of(i(2), s("b"), s("new")))));
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 4), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertEquals(List.of(Arrays.asList("1", "a", null), List.of("2", "b", "new")),
                fx.rows("SELECT id, v, extra FROM shop.ddl_t ORDER BY id"));
        assertEquals(TaskState.CREATED, fx.state(task));
        List<TaskLogEntry> log = fx.status.log(task, 10);
        assertEquals(1, log.size(), "task log: " + log);
        assertTrue(log.get(0).message().contains("no_such_table") && log.get(0).message().contains("1146"),
                log.get(0).message());
        DirectionStatus status = fx.status.get(task, Direction.A2B).orElseThrow();
        assertEquals(1, status.ddlFailures());
        assertTrue(status.lastDdlFailure().orElseThrow().statement().contains("no_such_table"));
        assertTrue(fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = 'ddl'").contains(".0000000000400."));
    }

    @Test
    void shouldFailTheTaskOnAnUndecodableMessageAndLetItReachTheDeadLetterQueue() throws Exception {
        String task = "garbled";
        fx.putTask(task, "", "- shop");
        FifoQueues.FifoQueue q = fx.queue(task, 2);
        String body = "{\"v\":4,\"task\":\"garbled\"}";
        fx.sendRaw(q, body, "garbled-1");
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx);
            List<Message> first = fx.receive(q, 1);
            assertEquals(List.of(first.get(0).messageId()), ApplyFixture.failedIdList(fx.deliver(q, first, p)));
            assertEquals(TaskState.FAILED, fx.state(task));
            String reason = fx.tasks.get(task).orElseThrow().stateReason();
            assertTrue(reason.contains("cannot be decoded") && reason.contains("version"), reason);
            assertTrue(fx.status.get(task, Direction.A2B).orElseThrow().lastError().contains("cannot be decoded"));
            assertEquals(1, fx.deliver(q, fx.receive(q, 1), p).getBatchItemFailures().size());
        }
        List<Message> dead = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (dead.isEmpty() && System.nanoTime() < deadline) {
            fx.aws.sqs().receiveMessage(b -> b.queueUrl(q.url()).waitTimeSeconds(1));
            dead = fx.aws.sqs().receiveMessage(b -> b.queueUrl(q.dlqUrl()).waitTimeSeconds(1)).messages();
        }
        assertEquals(List.of(body), dead.stream().map(Message::body).toList());
    }
}
