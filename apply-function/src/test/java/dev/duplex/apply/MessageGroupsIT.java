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
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * An SQS event may carry several FIFO message groups, each ordered on its own (partitioned groups,
 * docs/partitioning.md). A group whose message fails holds back its own later messages only; a
 * failure that stops the task holds back every message not applied yet. Real MariaDB, ElasticMQ
 * and DynamoDB Local; the failure is a real lock held on node b.
 */
class MessageGroupsIT {
    private static final String FIRST = "a2b";
    private static final String SECOND = "a2b.t2";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE grp", "SET GLOBAL innodb_lock_wait_timeout = 1");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldHoldBackOnlyTheFailingGroupsLaterMessages() throws Exception {
        String task = "isolated";
        putTask(task);
        FifoQueues.FifoQueue q = fx.queue(task, 10);
        List<Batch> first = chain(task, FIRST, "t1", 3);
        List<Batch> second = chain(task, SECOND, "t2", 3);
        for (int k = 0; k < 3; k++) { // interleaved, as a partitioning capture sends them
            fx.send(q, first.get(k));
            fx.send(q, second.get(k));
        }
        List<Message> received = inGroupOrder(fx.receive(q, 6), FIRST, SECOND);
        try (Connection holder = fx.target.connect(); Statement st = holder.createStatement();
             ApplyContext ctx = fx.context(task)) {
            holder.setAutoCommit(false);
            st.execute("INSERT INTO grp.t1 VALUES (2, 'held')"); // the first group's second row waits for it
            SqsBatchProcessor processor = fx.processor(ctx, RetryPolicy.NO_RETRY, StatementListener.NONE,
                    Clock.systemUTC());

            SQSBatchResponse r = fx.deliver(q, received, processor);
            assertEquals(List.of(received.get(1).messageId(), received.get(2).messageId()),
                    ApplyFixture.failedIdList(r), "the failed message and the one after it, of its group only");
            assertEquals(rows(1), fx.rows("SELECT id FROM grp.t1 ORDER BY id"), "the group stopped at its failure");
            assertEquals(rows(1, 2, 3), fx.rows("SELECT id FROM grp.t2 ORDER BY id"), "the other group went on");
            assertEquals(TaskState.RUNNING, fx.state(task), "a lock wait passes: the task goes on");

            holder.rollback();
            SQSBatchResponse again = fx.deliver(q, fx.receive(q, 2), processor);
            assertEquals(List.of(), ApplyFixture.failedIdList(again));
        }
        assertEquals(rows(1, 2, 3), fx.rows("SELECT id FROM grp.t1 ORDER BY id"), "redelivered in order");
    }

    @Test
    void shouldHoldBackEveryGroupWhenAFailureStopsTheTask() throws Exception {
        String task = "stopped";
        putTask(task);
        FifoQueues.FifoQueue q = fx.queue(task, 10);
        List<Batch> first = chain(task, FIRST, "t1", 3);
        List<Batch> second = chain(task, SECOND, "t2", 2);
        fx.send(q, first.get(0));
        fx.send(q, first.get(2)); // the second message of the first group never arrives: a hole
        second.forEach(b -> fx.send(q, b));
        List<Message> received = inGroupOrder(fx.receive(q, 4), FIRST, SECOND);
        try (ApplyContext ctx = fx.context(task)) {
            SQSBatchResponse r = fx.deliver(q, received, fx.processor(ctx));
            assertEquals(received.subList(1, 4).stream().map(Message::messageId).toList(),
                    ApplyFixture.failedIdList(r), "nothing is applied behind a stopped task, in any group");
        }
        assertEquals(TaskState.FAILED, fx.state(task));
        assertTrue(fx.reason(task).contains("are missing"), fx.reason(task));
        assertEquals(rows(1), fx.rows("SELECT id FROM grp.t1 ORDER BY id"));
        assertEquals(rows(), fx.rows("SELECT id FROM grp.t2 ORDER BY id"));
    }

    @Test
    void shouldKeepAGroupsRetryWindowThroughAnotherGroupsSuccesses() throws Exception {
        String task = "windows";
        putTask(task);
        FifoQueues.FifoQueue q = fx.queue(task, 100);
        List<Batch> first = chain(task, FIRST, "t1", 1);
        List<Batch> second = chain(task, SECOND, "t2", 3);
        HeartbeatDdlIT.ManualClock clock = new HeartbeatDdlIT.ManualClock(T0);
        try (Connection holder = fx.target.connect(); Statement st = holder.createStatement();
             ApplyContext ctx = fx.context(task, clock, Duration.ZERO)) {
            holder.setAutoCommit(false);
            st.execute("INSERT INTO grp.t1 VALUES (1, 'held')"); // the first group fails until released
            SqsBatchProcessor processor = fx.processor(ctx, RetryPolicy.NO_RETRY, StatementListener.NONE, clock);
            fx.send(q, first.get(0));
            for (int minute = 0; minute < 10; minute += 5) {
                fx.send(q, second.get(minute / 5));
                SQSBatchResponse r = fx.deliver(q, inGroupOrder(fx.receive(q, 2), FIRST, SECOND), processor);
                assertEquals(1, r.getBatchItemFailures().size(), "minute " + minute + ": the first group fails");
                assertEquals(TaskState.RUNNING, fx.state(task), "minute " + minute + " of the window's 10");
                assertEquals(T0, fx.status.get(task, Direction.A2B).orElseThrow().retryingSince(),
                        "the second group's successes leave the first group's window open");
                clock.advance(Duration.ofMinutes(5));
            }
            fx.send(q, second.get(2));
            fx.deliver(q, inGroupOrder(fx.receive(q, 2), FIRST, SECOND), processor);
            assertEquals(TaskState.FAILED, fx.state(task), "10 minutes after the first group's first failure");
            assertTrue(fx.reason(task).contains("retry window of 10 minutes"), fx.reason(task));
            assertEquals(Instant.EPOCH, fx.status.get(task, Direction.A2B).orElseThrow().retryingSince(),
                    "the stop ends every window: a resume begins new ones");
        }
        assertEquals(rows(1, 2), fx.rows("SELECT id FROM grp.t2 ORDER BY id"),
                "the second group's third message came after the stop, and went back to the queue");
    }

    private static void putTask(String task) throws Exception {
        fx.putTask(task, "", "- grp", "retryWindowMinutes: 10\n");
        fx.resume(task);
        fx.sql("DROP TABLE IF EXISTS grp.t1", "DROP TABLE IF EXISTS grp.t2",
                "CREATE TABLE grp.t1 (id INT PRIMARY KEY, v VARCHAR(10))",
                "CREATE TABLE grp.t2 (id INT PRIMARY KEY, v VARCHAR(10))");
    }

    /** {@code n} messages of group {@code group}, one insert into {@code table} each, chained within the group. */
    private static List<Batch> chain(String task, String group, String table, int n) {
        List<Batch> out = new ArrayList<>();
        Seq prev = Seq.ZERO;
        long base = table.equals("t1") ? 100 : 150; // both groups cut from one binlog
        for (int k = 1; k <= n; k++) {
            Transaction t = tx(base * k + k, RowChange.insert("grp", table, List.of("id", "v"), List.of("id"),
                    List.of(i(k), s("v" + k))));
            out.add(Batches.inGroup(Batches.chained(task, BatchKind.DML, false,
                    new Batch.Chain("run-1", "server-a", prev), t), group));
            prev = t.seq();
        }
        return out;
    }

    /** The received messages, {@code groups} one after the other, each in queue order. */
    private static List<Message> inGroupOrder(List<Message> received, String... groups) {
        List<String> order = List.of(groups);
        return received.stream().sorted(Comparator.comparingInt(m -> order.indexOf(
                m.attributesAsStrings().get(MessageGroups.GROUP_ATTRIBUTE)))).toList();
    }

    private static List<List<String>> rows(int... ids) {
        return Arrays.stream(ids).mapToObj(id -> List.of(Integer.toString(id))).toList();
    }
}
