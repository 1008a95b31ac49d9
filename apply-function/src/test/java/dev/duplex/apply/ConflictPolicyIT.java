package dev.duplex.apply;

import static dev.duplex.apply.Batches.batch;
import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every conflict kind under every policy, on a table {@code (id PK, code UNIQUE, v, ver)} whose
 * target row (when there is one) is {@code (1, 'a', 'target', 5)}.
 */
class ConflictPolicyIT {
    private static final List<String> COLS = List.of("id", "code", "v", "ver");
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static ApplyFixture fx;

    enum Kind { INSERT_DUPLICATE, UPDATE_MISSING, DELETE_MISSING, UPDATE_MISMATCH }

    /**
     * @param policy   "task-failed", "ignore", "overwrite", "useMax" or "useMin" (column rules fall back to ignore)
     * @param ver      the incoming row's ver (target has 5)
     * @param expected v of row 1 afterwards, null when there is no row 1
     * @param decision the conflict log's decision
     */
    record Case(Kind kind, String policy, int ver, String expected, String decision) {
        @Override
        public String toString() {
            return kind + " x " + policy + (policy.startsWith("use") ? " ver=" + ver : "") + " -> " + expected;
        }
    }

    static Stream<Arguments> cases() {
        List<Case> all = new ArrayList<>();
        all.add(new Case(Kind.INSERT_DUPLICATE, "task-failed", 7, "target", "FAIL_TASK"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "ignore", 7, "target", "KEEP_TARGET"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "overwrite", 7, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "useMax", 9, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "useMax", 3, "target", "KEEP_TARGET"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "useMax", 5, "target", "KEEP_TARGET"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "useMin", 3, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.INSERT_DUPLICATE, "useMin", 9, "target", "KEEP_TARGET"));
        all.add(new Case(Kind.UPDATE_MISSING, "task-failed", 7, null, "FAIL_TASK"));
        all.add(new Case(Kind.UPDATE_MISSING, "ignore", 7, null, "KEEP_TARGET"));
        all.add(new Case(Kind.UPDATE_MISSING, "overwrite", 7, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.UPDATE_MISSING, "useMax", 9, null, "KEEP_TARGET"));
        all.add(new Case(Kind.UPDATE_MISSING, "useMin", 3, null, "KEEP_TARGET"));
        for (String policy : List.of("task-failed", "ignore", "overwrite", "useMax", "useMin")) {
            all.add(new Case(Kind.DELETE_MISSING, policy, 7, null, "KEEP_TARGET"));
        }
        all.add(new Case(Kind.UPDATE_MISMATCH, "task-failed", 7, "target", "FAIL_TASK"));
        all.add(new Case(Kind.UPDATE_MISMATCH, "ignore", 7, "target", "KEEP_TARGET"));
        all.add(new Case(Kind.UPDATE_MISMATCH, "overwrite", 7, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.UPDATE_MISMATCH, "useMax", 9, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.UPDATE_MISMATCH, "useMax", 3, "target", "KEEP_TARGET"));
        all.add(new Case(Kind.UPDATE_MISMATCH, "useMin", 3, "incoming", "APPLY_INCOMING"));
        all.add(new Case(Kind.UPDATE_MISMATCH, "useMin", 9, "target", "KEEP_TARGET"));
        return all.stream().map(Arguments::of);
    }

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldResolveConflictByPolicyAndRecordItOnce(Case c) throws Exception {
        String task = "conflict" + NEXT.incrementAndGet();
        String table = task;
        boolean strict = c.kind() == Kind.UPDATE_MISMATCH;
        putTask(task, table, c.policy(), strict, false);
        fx.sql("CREATE TABLE shop." + table + " (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20), ver INT)");
        if (c.kind() == Kind.INSERT_DUPLICATE || c.kind() == Kind.UPDATE_MISMATCH) {
            fx.sql("INSERT INTO shop." + table + " VALUES (1, 'a', 'target', 5)");
        }
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, change(c, table)));
        // Two later messages of the group: applied normally, or held back behind a task-failed conflict.
        fx.send(q, dml(task, 200, insert(table, 10, "later1", 1)));
        fx.send(q, dml(task, 300, insert(table, 11, "later2", 1)));

        SQSBatchResponse response;
        List<Message> messages;
        try (ApplyContext ctx = fx.context(task)) {
            messages = fx.receive(q, 3);
            response = fx.deliver(q, messages, fx.processor(ctx));
        }
        assertEquals(c.expected(), fx.scalar("SELECT v FROM shop." + table + " WHERE id = 1"));
        List<ConflictRecord> log = fx.conflicts.recent(task, 10);
        assertEquals(1, log.size(), "conflict log: " + log);
        ConflictRecord r = log.get(0);
        assertEquals(c.kind().name(), r.kind());
        assertEquals(c.decision(), r.decision());
        assertEquals("shop", r.database());
        assertEquals(table, r.table());
        if (c.kind() != Kind.DELETE_MISSING) {
            assertTrue(r.afterImage().contains("\"v\":\"incoming\""), r.afterImage());
        }
        if (c.kind() == Kind.INSERT_DUPLICATE || c.kind() == Kind.UPDATE_MISMATCH) {
            assertTrue(r.targetRow().contains("\"v\":\"target\""), r.targetRow());
        }
        if (c.kind() == Kind.UPDATE_MISMATCH || c.kind() == Kind.UPDATE_MISSING) {
            assertTrue(r.beforeImage().contains("\"v\":\"old\""), r.beforeImage());
        }
        if (c.decision().equals("FAIL_TASK")) {
            assertEquals(messages.stream().map(Message::messageId).toList(), ApplyFixture.failedIdList(response));
            assertEquals(TaskState.FAILED, fx.state(task));
            String reason = fx.tasks.get(task).orElseThrow().stateReason();
            assertTrue(reason.contains(c.kind().name()) && reason.contains("shop." + table) && reason.contains("key (id)"),
                    reason);
            assertFalse(reason.contains("(id)=(1)"), "the key's values are in the conflict log, not the reason: " + reason);
            assertEquals("0", fx.scalar("SELECT COUNT(*) FROM shop." + table + " WHERE id >= 10"));
        } else {
            assertTrue(response.getBatchItemFailures().isEmpty(), "failures: " + response.getBatchItemFailures());
            assertEquals("2", fx.scalar("SELECT COUNT(*) FROM shop." + table + " WHERE id >= 10"));
        }
    }

    @Test
    void shouldHoldBackEveryMessageWhileTheTaskIsFailedAndApplyThemAfterResume() throws Exception {
        String task = "held";
        putTask(task, task, "task-failed", false, false);
        fx.sql("CREATE TABLE shop.held (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20), ver INT)",
                "INSERT INTO shop.held VALUES (1, 'a', 'target', 5)");
        FifoQueues.FifoQueue q = fx.queue(task, 10);
        fx.send(q, dml(task, 100, insert(task, 1, "incoming", 7)));
        fx.send(q, dml(task, 200, insert(task, 10, "later", 1)));
        try (ApplyContext ctx = fx.context(task)) {
            SqsBatchProcessor p = fx.processor(ctx);
            assertEquals(2, fx.deliver(q, fx.receive(q, 2), p).getBatchItemFailures().size());
            assertEquals(2, fx.deliver(q, fx.receive(q, 2), p).getBatchItemFailures().size(), "FAILED holds everything");
            assertEquals(1, fx.conflicts.recent(task, 10).size(), "a held-back message is not re-examined");
            // The operator fixes the row on the target and resumes the task.
            fx.sql("DELETE FROM shop.held WHERE id = 1");
            fx.resume(task);
            assertTrue(fx.deliver(q, fx.receive(q, 2), p).getBatchItemFailures().isEmpty());
        }
        assertEquals(List.of(List.of("1", "incoming"), List.of("10", "later")),
                fx.rows("SELECT id, v FROM shop.held ORDER BY id"));
    }

    @Test
    void shouldOverwriteDuringCatchUpWhateverThePolicy() throws Exception {
        String task = "catchup";
        putTask(task, task, "task-failed", false, false);
        fx.sql("CREATE TABLE shop.catchup (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20), ver INT)",
                "INSERT INTO shop.catchup VALUES (1, 'a', 'target', 5)");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        Batch catchUp = batch(task, BatchKind.DML, true, tx(100, insert(task, 1, "incoming", 7),
                RowChange.update("shop", task, COLS, List.of("id"), List.of(i(2), s("b"), s("old"), i(1)),
                        List.of(i(2), s("b"), s("incoming2"), i(2)))));
        fx.send(q, catchUp);
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertEquals(List.of(List.of("1", "incoming"), List.of("2", "incoming2")),
                fx.rows("SELECT id, v FROM shop.catchup ORDER BY id"));
        // Issue #18: what the catch-up meets is the copy's overlap, not conflicts: counted apart, not logged.
        assertEquals(List.of(), fx.conflicts.recent(task, 10));
        var status = fx.status.get(task, Direction.A2B).orElseThrow();
        assertEquals(0, status.conflicts());
        assertEquals(2, status.catchUpReplays());
        assertEquals(TaskState.CREATED, fx.state(task));
    }

    @Test
    void shouldReplaceRowHitOnUniqueKeyWhenMissingUpdateBecomesInsertUnderOverwrite() throws Exception {
        String task = "uniquehit";
        putTask(task, task, "overwrite", false, false);
        fx.sql("CREATE TABLE shop.uniquehit (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20), ver INT)",
                "INSERT INTO shop.uniquehit VALUES (2, 'a', 'target', 5)");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, RowChange.update("shop", task, COLS, List.of("id"),
                List.of(i(1), s("a"), s("old"), i(1)), List.of(i(1), s("a"), s("incoming"), i(7)))));
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertEquals(List.of(List.of("1", "a", "incoming")), fx.rows("SELECT id, code, v FROM shop.uniquehit"));
        List<ConflictRecord> log = sorted(fx.conflicts.recent(task, 10));
        assertEquals(List.of("INSERT_DUPLICATE", "UPDATE_MISSING"), log.stream().map(ConflictRecord::kind).toList());
        assertTrue(log.get(0).key().contains("(code)=('a')"), log.get(0).key());
    }

    @Test
    void shouldApplyUpdateWithStaleBeforeImageWhenNotStrict() throws Exception {
        String task = "lenient";
        putTask(task, task, "task-failed", false, false);
        fx.sql("CREATE TABLE shop.lenient (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20), ver INT)",
                "INSERT INTO shop.lenient VALUES (1, 'a', 'target', 5)");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, update(task, 7)));
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertEquals("incoming", fx.scalar("SELECT v FROM shop.lenient WHERE id = 1"));
        assertTrue(fx.conflicts.recent(task, 10).isEmpty());
    }

    @Test
    void shouldLetTableOverrideTheTaskPolicy() throws Exception {
        String task = "override";
        putTask(task, task, "ignore", false, true);
        fx.sql("CREATE TABLE shop.override (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, v VARCHAR(20), ver INT)",
                "INSERT INTO shop.override VALUES (1, 'a', 'target', 5)");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, insert(task, 1, "incoming", 7)));
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 1), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertEquals("incoming", fx.scalar("SELECT v FROM shop.override WHERE id = 1"));
        assertEquals("overwrite", fx.conflicts.recent(task, 10).get(0).policy());
    }

    private static List<ConflictRecord> sorted(List<ConflictRecord> log) {
        return log.stream().sorted(Comparator.comparing(ConflictRecord::kind)).toList();
    }

    /** Column rules are per table and fall back to ignore; {@code tableOverwrite} overrides the task policy on the table. */
    private static void putTask(String task, String table, String policy, boolean strict, boolean tableOverwrite) {
        boolean column = policy.startsWith("use");
        String sync = "conflictPolicy: " + (column ? "ignore" : policy) + "\nstrictConflicts: " + strict;
        String tableRule = column ? policy + ": ver" : tableOverwrite ? "conflictPolicy: overwrite" : "";
        String objects = tableRule.isEmpty() ? "- shop"
                : "- database: shop\n  tables:\n    - {name: " + table + ", " + tableRule + "}";
        fx.putTask(task, sync, objects);
    }

    private static RowChange change(Case c, String table) {
        return switch (c.kind()) {
            case INSERT_DUPLICATE -> insert(table, 1, "incoming", c.ver());
            case UPDATE_MISSING, UPDATE_MISMATCH -> update(table, c.ver());
            case DELETE_MISSING -> RowChange.delete("shop", table, COLS, List.of("id"),
                    List.of(i(1), s("a"), s("old"), i(1)));
        };
    }

    private static RowChange insert(String table, long id, String v, int ver) {
        return RowChange.insert("shop", table, COLS, List.of("id"), List.of(i(id), s(id == 1 ? "a" : "c" + id), s(v), i(ver)));
    }

    private static RowChange update(String table, int ver) {
        return RowChange.update("shop", table, COLS, List.of("id"), List.of(i(1), s("a"), s("old"), i(1)),
                List.of(i(1), s("a"), s("incoming"), i(ver)));
    }
}
