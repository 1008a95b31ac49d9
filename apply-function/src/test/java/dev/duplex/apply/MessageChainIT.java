package dev.duplex.apply;

import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A message that never reaches the apply function (deleted from the queue, moved to the
 * dead-letter queue), or messages of another run of the task or from another source server, stop
 * the task with the reason instead of being skipped or applied over the hole. Real MariaDB,
 * ElasticMQ and DynamoDB Local; messages are chained as capture chains them.
 */
class MessageChainIT {
    private static final Logger LOG = LoggerFactory.getLogger(MessageChainIT.class);
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE chain");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldStopInsteadOfApplyingOverAMessageDeletedFromTheQueue() throws Exception {
        String task = "gap-deleted";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        List<Batch> chain = chain(task, table, "run-1", "server-a", 3);
        chain.forEach(b -> fx.send(q, b));
        List<Message> received = fx.receive(q, 3);
        fx.delete(q, received.get(1)); // message 2 is gone for good

        try (ApplyContext ctx = fx.context(task)) {
            SQSBatchResponse r = fx.deliver(q, List.of(received.get(0), received.get(2)), fx.processor(ctx));
            assertEquals(List.of(received.get(2).messageId()), ApplyFixture.failedIdList(r),
                    "message 3 is refused: message 2 never arrived");
        }
        String reason = fx.reason(task);
        LOG.info("task {}: {} / {}", task, fx.state(task), reason);
        assertEquals(TaskState.FAILED, fx.state(task));
        assertTrue(reason.contains("messages after seq " + chain.get(0).seq() + " are missing"), reason);
        assertTrue(reason.contains("follows seq " + chain.get(1).seq()), reason);
        assertTrue(reason.contains("duplex task recover"), reason);
        assertEquals(List.of(List.of("1")), fx.rows("SELECT id FROM chain." + table + " ORDER BY id"),
                "nothing applied over the hole");
    }

    @Test
    void shouldStopWhenMessagesWereMovedToTheDeadLetterQueue() throws Exception {
        String task = "gap-dlq";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 1);
        List<Batch> chain = chain(task, table, "run-1", "server-a", 3);
        fx.send(q, chain.get(0));
        fx.send(q, chain.get(1));
        fx.setState(task, TaskState.PAUSED);
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor processor = fx.processor(ctx);
            // While paused every receive is returned: with a receive limit of 1 both head messages go to the DLQ.
            fx.deliver(q, fx.receive(q, 2), processor);
            assertEquals(0, fx.receiveNow(q).size(), "the receive limit moved both messages to the dead-letter queue");
            assertEquals(2, fx.dlqDepth(q));
            fx.resume(task);
            fx.send(q, chain.get(2));
            SQSBatchResponse r = fx.deliver(q, fx.receive(q, 1), processor);
            assertEquals(1, r.getBatchItemFailures().size(), "message 3 is refused");
        }
        String reason = fx.reason(task);
        LOG.info("task {}: {} / {}", task, fx.state(task), reason);
        assertEquals(TaskState.FAILED, fx.state(task));
        assertTrue(reason.contains("messages after seq " + Seq.ZERO + " are missing"), reason);
        assertEquals(List.of(), fx.rows("SELECT id FROM chain." + table), "nothing applied over the hole");
    }

    @Test
    void shouldStopWhenATaskRunAgainUnderTheSameNameMeetsTheEarlierRunsCheckpoint() throws Exception {
        String task = "rerun";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        // The first run applied up to position 300 of the source's binlog.
        chain(task, table, "run-1", "server-a", 3).forEach(b -> fx.send(q, b));
        try (ApplyContext ctx = fx.context(task)) {
            SQSBatchResponse first = fx.deliver(q, fx.receive(q, 3), fx.processor(ctx));
            assertEquals(0, first.getBatchItemFailures().size());
            // RESET MASTER on the source, the task run again: the new run's positions are lower than the old ones.
            Batch rerun = Batches.chained(task, BatchKind.DML, false, new Batch.Chain("run-2", "server-a", Seq.ZERO),
                    tx(50, insert(table, 50)));
            fx.send(q, rerun, "rerun-1");
            SQSBatchResponse second = fx.deliver(q, fx.receive(q, 1), fx.processor(ctx));
            assertEquals(1, second.getBatchItemFailures().size(), "the new run's message is refused, not skipped");
        }
        String reason = fx.reason(task);
        LOG.info("task {}: {} / {}", task, fx.state(task), reason);
        assertEquals(TaskState.FAILED, fx.state(task));
        assertTrue(reason.contains("earlier run of the task (chain run-1)"), reason);
        assertTrue(reason.contains("duplex task reset " + task + " --yes"), reason);
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")),
                fx.rows("SELECT id FROM chain." + table + " ORDER BY id"));
    }

    @Test
    void shouldStopWhenMessagesComeFromAnotherSourceServer() throws Exception {
        String task = "failover";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, chain(task, table, "run-1", "server-a", 1).get(0));
        try (ApplyContext ctx = fx.context(task)) {
            fx.deliver(q, fx.receive(q, 1), fx.processor(ctx));
            Batch fromReplica = Batches.chained(task, BatchKind.DML, false,
                    new Batch.Chain("run-1", "server-replica", Seq.ofTransaction(position(100), 0)),
                    tx(200, insert(table, 2)));
            fx.send(q, fromReplica);
            SQSBatchResponse r = fx.deliver(q, fx.receive(q, 1), fx.processor(ctx));
            assertEquals(1, r.getBatchItemFailures().size());
        }
        String reason = fx.reason(task);
        LOG.info("task {}: {} / {}", task, fx.state(task), reason);
        assertEquals(TaskState.FAILED, fx.state(task));
        assertTrue(reason.contains("from source server server-a, but message seq"), reason);
        assertTrue(reason.contains("comes from server server-replica"), reason);
        assertEquals(List.of(List.of("1")), fx.rows("SELECT id FROM chain." + table + " ORDER BY id"));
    }

    @Test
    void shouldApplyARedeliveredOrResentMessageOfTheSameChainOnce() throws Exception {
        String task = "resend";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        List<Batch> chain = chain(task, table, "run-1", "server-a", 3);
        chain.forEach(b -> fx.send(q, b));
        try (ApplyContext ctx = fx.context(task)) {
            fx.deliver(q, fx.receive(q, 3), fx.processor(ctx));
            // A capture rewound to position 100 sends 2..3 again, in one message with new boundaries.
            Batch resent = Batches.chained(task, BatchKind.DML, false,
                    new Batch.Chain("run-1", "server-a", chain.get(0).seq()), tx(200, insert(table, 2)),
                    tx(300, insert(table, 3)), tx(400, insert(table, 4)));
            fx.send(q, resent, "resent");
            SQSBatchResponse r = fx.deliver(q, fx.receive(q, 1), fx.processor(ctx));
            assertEquals(0, r.getBatchItemFailures().size());
        }
        assertEquals(TaskState.RUNNING, fx.state(task));
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3"), List.of("4")),
                fx.rows("SELECT id FROM chain." + table + " ORDER BY id"));
    }

    /** What duplex task recover does to a direction stopped on a hole: a new chain from what was applied. */
    @Test
    void shouldDropTheQueuedMessagesOfARetiredChainAndApplyTheRewoundOne() throws Exception {
        String task = "recovered";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        List<Batch> old = chain(task, table, "run-1", "server-a", 3);
        old.forEach(b -> fx.send(q, b));
        List<Message> received = fx.receive(q, 3);
        fx.delete(q, received.get(1));
        try (ApplyContext ctx = fx.context(task)) {
            fx.deliver(q, List.of(received.get(0), received.get(2)), fx.processor(ctx));
            assertEquals(TaskState.FAILED, fx.state(task));
            try (var c = fx.target.connect()) {
                c.setAutoCommit(true);
                assertEquals(1, ApplyCheckpoints.retireChains(c, task,
                        Direction.A2B, "a2b", "run-2", "run-1", old.get(1).seq()));
            }
            fx.tasks.updateState(task, TaskState.RUNNING, "recovered", fx.tasks.get(task).orElseThrow().version());
            ctx.forgetTask();
            // The rewound capture sends 2 and 3 again under run-2, behind run-1's message 3 still queued.
            Batch two = Batches.chained(task, BatchKind.DML, false, new Batch.Chain("run-2", "server-a",
                    old.get(0).seq()), tx(200, insert(table, 2)));
            Batch three = Batches.chained(task, BatchKind.DML, false, new Batch.Chain("run-2", "server-a",
                    two.seq()), tx(300, insert(table, 3)));
            fx.send(q, two);
            fx.send(q, three);
            SQSBatchResponse r = fx.deliver(q, fx.receive(q, 3), fx.processor(ctx));
            assertEquals(0, r.getBatchItemFailures().size(), "the old message is dropped, the new ones applied");
        }
        assertEquals(TaskState.RUNNING, fx.state(task));
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")),
                fx.rows("SELECT id FROM chain." + table + " ORDER BY id"));
    }

    /**
     * With a message group per table, the task stopped on table t's hole before the apply came to
     * table u's first message, so group u had applied nothing. Recover rewinds to t's hole, past
     * u's row 10, which the rewound capture therefore never sends again: the queued message of the
     * old chain is the only one that carries it, and is applied, while the old message of t that
     * the rewind sends again is dropped. (Before, every message of an ended chain was dropped, and
     * row 10 with it, without a word.)
     */
    @Test
    void shouldApplyWhatARetiredChainCarriesFromBeforeTheRewindPointInAGroupThatAppliedNothing() throws Exception {
        String task = "parted";
        String t = table(task);
        String u = t + "_u";
        fx.sql("CREATE TABLE chain." + u + " (id INT PRIMARY KEY, v VARCHAR(10))");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        Transaction one = tx(100, insert(t, 1));
        Transaction ten = tx(200, insert(u, 10));
        Transaction two = tx(300, insert(t, 2));
        Transaction three = tx(400, insert(t, 3));
        Batch t1 = inT(task, new Batch.Chain("run-1", "server-a", Seq.ZERO), one);
        Batch u10 = Batches.inGroup(Batches.chained(task, BatchKind.DML, false,
                new Batch.Chain("run-1", "server-a", Seq.ZERO), ten), "a2b.chain.u");
        Batch t2 = inT(task, new Batch.Chain("run-1", "server-a", one.seq()), two);
        Batch t3 = inT(task, new Batch.Chain("run-1", "server-a", two.seq()), three);
        List.of(t1, t3).forEach(b -> fx.send(q, b));
        try (ApplyContext ctx = fx.context(task)) {
            fx.deliver(q, fx.receive(q, 2), fx.processor(ctx)); // t2 never arrived
            assertEquals(TaskState.FAILED, fx.state(task));
            fx.send(q, u10); // queued behind the stop, as a message returned unapplied is
            fx.deliver(q, fx.receive(q, 2), fx.processor(ctx));
            assertEquals(List.of(), fx.rows("SELECT id FROM chain." + u), "u's row was returned, not applied");
            try (var c = fx.target.connect()) {
                c.setAutoCommit(true);
                ApplyCheckpoints.retireChains(c, task, Direction.A2B, "a2b", "run-2", "run-1", two.seq());
            }
            fx.tasks.updateState(task, TaskState.RUNNING, "recovered", fx.tasks.get(task).orElseThrow().version());
            ctx.forgetTask();
            // The rewound capture reads again from row 2: 2 and 3 in t, then a new row 11 in u.
            fx.send(q, inT(task, new Batch.Chain("run-2", "server-a", Seq.ZERO), two));
            fx.send(q, inT(task, new Batch.Chain("run-2", "server-a", two.seq()), three));
            fx.send(q, Batches.inGroup(Batches.chained(task, BatchKind.DML, false,
                    new Batch.Chain("run-2", "server-a", Seq.ZERO), tx(500, insert(u, 11))), "a2b.chain.u"));
            SQSBatchResponse r = fx.deliver(q, fx.receive(q, 5), fx.processor(ctx));
            assertEquals(0, r.getBatchItemFailures().size(), "nothing is returned");
        }
        assertEquals(TaskState.RUNNING, fx.state(task));
        assertEquals(List.of(List.of("1"), List.of("2"), List.of("3")), fx.rows("SELECT id FROM chain." + t + " ORDER BY id"));
        assertEquals(List.of(List.of("10"), List.of("11")), fx.rows("SELECT id FROM chain." + u + " ORDER BY id"),
                "row 10, which only the old chain carries, is applied");
    }

    private static Batch inT(String task, Batch.Chain chain, Transaction tx) {
        return Batches.inGroup(Batches.chained(task, BatchKind.DML, false, chain, tx), "a2b.chain.t");
    }

    /** A message that keeps failing stops the task while it is still in the queue, receives before the redrive. */
    @Test
    void shouldStopBeforeTheRedriveWhenAMessageKeepsFailing() throws Exception {
        String task = "poison";
        String table = table(task);
        FifoQueues.FifoQueue q = fx.queue(task, 4);
        fx.send(q, chain(task, table, "run-1", "server-a", 1).get(0));
        try (var locker = fx.target.connect(); var st = locker.createStatement()) {
            st.execute("LOCK TABLES chain." + table + " WRITE"); // held until the test is done: every apply times out
            try (ApplyContext ctx = fx.context(task)) {
                ctx.connection().createStatement().execute("SET SESSION lock_wait_timeout = 1");
                SqsBatchProcessor processor = fx.processor(ctx, RetryPolicy.NO_RETRY, StatementListener.NONE,
                        Clock.systemUTC(), 4);
                fx.deliver(q, fx.receive(q, 1), processor); // receive 1 of 4
                assertEquals(TaskState.RUNNING, fx.state(task), "one failure is retried by redelivery");
                fx.deliver(q, fx.receive(q, 1), processor); // receive 2: two before the redrive
            }
        }
        String reason = fx.reason(task);
        LOG.info("task {}: {} / {}", task, fx.state(task), reason);
        assertEquals(TaskState.FAILED, fx.state(task));
        assertTrue(reason.contains("failed on each of its 2 receives") && reason.contains("duplex task recover"), reason);
        assertEquals(0, fx.dlqDepth(q), "nothing dead-lettered");
        assertEquals(1, fx.receiveNow(q).size(), "the message waits in its queue");
    }

    private static String table(String task) throws Exception {
        fx.putTask(task, "", "- chain");
        fx.resume(task); // CREATED -> RUNNING
        String table = task.replace('-', '_');
        fx.sql("CREATE TABLE chain." + table + " (id INT PRIMARY KEY, v VARCHAR(10))");
        return table;
    }

    /** {@code n} messages of one transaction each, at positions 100, 200, …, each naming the one before. */
    private static List<Batch> chain(String task, String table, String id, String source, int n) {
        List<Batch> out = new ArrayList<>();
        Seq prev = Seq.ZERO;
        for (int k = 1; k <= n; k++) {
            Transaction t = tx(100L * k, insert(table, k));
            out.add(Batches.chained(task, BatchKind.DML, false, new Batch.Chain(id, source, prev), t));
            prev = t.seq();
        }
        return out;
    }

    private static RowChange insert(String table, long id) {
        return RowChange.insert("chain", table, List.of("id", "v"), List.of("id"), List.of(i(id), s("v" + id)));
    }

    private static BinlogPosition position(long pos) {
        return new BinlogPosition(Batches.FILE, pos);
    }
}
