package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Transaction;
import dev.duplex.sandbox.FifoQueues;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A message's row statements go to the target pipelined (multi-statement packets), and a message
 * that meets a conflict or an error is applied again statement by statement: the outcome must be
 * exactly what statement-by-statement apply gives, conflicts decided on their own rows.
 */
class PipelinedApplyIT {
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

    private static RowChange update(String table, long id, String before, String after) {
        return RowChange.update("shop", table, COLS, List.of("id"), List.of(i(id), s(before)), List.of(i(id), s(after)));
    }

    private static RowChange delete(String table, long id, String before) {
        return RowChange.delete("shop", table, COLS, List.of("id"), List.of(i(id), s(before)));
    }

    private static ApplyResult apply(String task, Batch batch) throws SQLException {
        try (ApplyContext ctx = fx.context(task)) {
            return new BatchApplier(ctx.tables(), StatementListener.NONE).apply(ctx.connection(), batch, ctx.rules(),
                    PreCommit.NONE);
        }
    }

    private static Map<Long, String> contents(String table) throws SQLException {
        return fx.rows("SELECT id, v FROM shop." + table).stream()
                .collect(Collectors.toMap(r -> Long.parseLong(r.get(0)), r -> r.get(1), (x, y) -> x, TreeMap::new));
    }

    @Test
    void shouldApplyAConflictFreeMessageOfManyTransactionsPipelined() throws Exception {
        String task = "piped";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.piped_a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE shop.piped_b (id INT PRIMARY KEY, v VARCHAR(20))");
        // Every id of both tables: inserted, updated twice, every third one deleted again.
        List<Transaction> txs = new ArrayList<>();
        Map<Long, String> expected = new TreeMap<>();
        long pos = 100;
        for (long id = 1; id <= 150; id++) {
            String t = id % 2 == 0 ? "piped_a" : "piped_b";
            List<RowChange> changes = new ArrayList<>(List.of(insert(t, id, "v0"), update(t, id, "v0", "v1")));
            changes.add(id % 3 == 0 ? delete(t, id, "v1") : update(t, id, "v1", "v2-" + id));
            txs.add(tx(pos += 100, changes.toArray(RowChange[]::new)));
            if (id % 3 != 0 && id % 2 == 0) {
                expected.put(id, "v2-" + id);
            }
        }
        ApplyResult result = apply(task, dml(task, txs.toArray(Transaction[]::new)));

        assertTrue(result.pipelined(), "a conflict-free message goes pipelined");
        assertEquals(450, result.rows());
        assertTrue(result.conflicts().isEmpty());
        assertEquals(expected, contents("piped_a"));
        assertEquals(50, contents("piped_b").size());
        assertEquals(txs.get(txs.size() - 1).seq().text(),
                fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = '" + task + "'"));
    }

    @Test
    void shouldApplyAMessageAgainStatementByStatementToDecideAConflictOnItsOwnRow() throws Exception {
        String task = "fallback";
        fx.putTask(task, "conflictPolicy: overwrite", "- shop");
        fx.sql("CREATE TABLE shop.fallback_t (id INT PRIMARY KEY, v VARCHAR(20))");
        List<Transaction> txs = new ArrayList<>();
        for (long id = 1; id <= 60; id++) {
            txs.add(tx(100 * id, insert("fallback_t", id, "new")));
        }
        // The 30th transaction updates a row the target never had: UPDATE_MISSING, overwrite inserts it.
        txs.set(29, tx(3000, update("fallback_t", 1000, "old", "incoming")));
        ApplyResult result = apply(task, dml(task, txs.toArray(Transaction[]::new)));

        assertFalse(result.pipelined());
        assertEquals(1, result.conflicts().size(), "conflicts: " + result.conflicts());
        Conflict c = result.conflicts().get(0);
        assertEquals(ConflictKind.UPDATE_MISSING, c.kind());
        assertEquals(txs.get(29).seq().text(), c.seq(), "the conflict is the 30th transaction's");
        Map<Long, String> rows = contents("fallback_t");
        assertEquals(60, rows.size());
        assertEquals("incoming", rows.get(1000L));
        assertEquals("new", rows.get(60L));
    }

    @Test
    void shouldFindADuplicateAmongInsertsMergedAcrossTransactions() throws Exception {
        String task = "dupmerge";
        fx.putTask(task, "conflictPolicy: ignore", "- shop");
        fx.sql("CREATE TABLE shop.dupmerge_t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO shop.dupmerge_t VALUES (10, 'target')");
        List<Transaction> txs = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            txs.add(tx(100 * id, insert("dupmerge_t", id, "source")));
        }
        ApplyResult result = apply(task, dml(task, txs.toArray(Transaction[]::new)));

        assertFalse(result.pipelined());
        assertEquals(1, result.conflicts().size(), "conflicts: " + result.conflicts());
        assertEquals(ConflictKind.INSERT_DUPLICATE, result.conflicts().get(0).kind());
        assertEquals(txs.get(9).seq().text(), result.conflicts().get(0).seq());
        Map<Long, String> rows = contents("dupmerge_t");
        assertEquals(20, rows.size());
        assertEquals("target", rows.get(10L), "ignore keeps the target's row");
        assertEquals("source", rows.get(11L));
    }

    @Test
    void shouldReportAnErrorOnItsOwnStatementAfterThePipelinedAttempt() throws Exception {
        String task = "toolong";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.toolong_t (id INT PRIMARY KEY, v VARCHAR(3))");
        Batch batch = dml(task, tx(100, insert("toolong_t", 1, "ok")), tx(200, insert("toolong_t", 2, "far too long")));
        SQLException e = Assertions.assertThrows(SQLException.class, () -> apply(task, batch));

        assertEquals(1406, e.getErrorCode(), "the statement's own error (data too long), not the pipeline's: " + e);
        assertEquals("0", fx.scalar("SELECT COUNT(*) FROM shop.toolong_t"), "nothing of the message stays");
    }

    private static long commits() throws SQLException {
        return Long.parseLong(fx.scalar("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
                + " WHERE VARIABLE_NAME = 'COM_COMMIT'"));
    }

    /** Sends {@code batches} and hands them to the function as one event, as the event source mapping does. */
    private static SQSBatchResponse deliverAsOneEvent(String task, List<Batch> batches) {
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        for (int k = 0; k < batches.size(); k++) {
            fx.send(q, batches.get(k), batches.get(k).dedupId() + "-" + k); // a re-sent batch has the same id
        }
        try (ApplyContext ctx = fx.context(task)) {
            return fx.deliver(q, fx.receive(q, batches.size()), fx.processor(ctx));
        }
    }

    @Test
    void shouldApplyConsecutiveMessagesOfAnEventInOneTargetTransaction() throws Exception {
        String task = "joined";
        // On one connection: in lanes (ParallelApplyIT) each lane commits on its own.
        fx.putTask(task, "", "- shop", "apply: {parallel: 1}\n");
        fx.sql("CREATE TABLE shop.joined_t (id INT PRIMARY KEY, v VARCHAR(20))");
        List<Batch> batches = new ArrayList<>();
        for (long m = 0; m < 5; m++) {
            batches.add(dml(task, tx(1000 * m + 100, insert("joined_t", 2 * m, "a")),
                    tx(1000 * m + 200, insert("joined_t", 2 * m + 1, "b"), update("joined_t", 2 * m, "a", "c"))));
        }
        // A capture that resumed sends the last two transactions again, in a message of its own.
        batches.add(dml(task, tx(4100, insert("joined_t", 8, "a")),
                tx(4200, insert("joined_t", 9, "b"), update("joined_t", 8, "a", "c"))));
        long before = commits();

        SQSBatchResponse response = deliverAsOneEvent(task, batches);

        assertTrue(response.getBatchItemFailures().isEmpty(), "failures: " + response.getBatchItemFailures());
        // One more commit: the group's first message creates its checkpoint row in a transaction of its own.
        assertEquals(1 + 1, commits() - before, "six messages, one target transaction");
        Map<Long, String> rows = contents("joined_t");
        assertEquals(10, rows.size());
        assertEquals("c", rows.get(8L));
        assertEquals("b", rows.get(9L));
        assertEquals(batches.get(5).seq().text(),
                fx.scalar("SELECT seq FROM duplex.apply_checkpoint WHERE task = '" + task + "'"));
    }

    @Test
    void shouldApplyAnEventMessageByMessageWhenOneOfItHasAConflict() throws Exception {
        String task = "joinedconflict";
        fx.putTask(task, "conflictPolicy: ignore", "- shop");
        fx.sql("CREATE TABLE shop.joinedconflict_t (id INT PRIMARY KEY, v VARCHAR(20))");
        List<Batch> batches = new ArrayList<>();
        for (long m = 0; m < 4; m++) {
            batches.add(dml(task, tx(1000 * m + 100, insert("joinedconflict_t", m, "new"))));
        }
        // The third message deletes a row the target does not have: DELETE_MISSING, ignored.
        batches.set(2, dml(task, tx(2100, delete("joinedconflict_t", 77, "gone"))));
        long before = commits();

        SQSBatchResponse response = deliverAsOneEvent(task, batches);

        assertTrue(response.getBatchItemFailures().isEmpty(), "failures: " + response.getBatchItemFailures());
        assertEquals(1 + 4, commits() - before, "the checkpoint row; the joined attempt rolled back, then one commit"
                + " per message");
        assertEquals(List.of(0L, 1L, 3L), List.copyOf(contents("joinedconflict_t").keySet()));
        var log = fx.conflicts.recent(task, 10);
        assertEquals(1, log.size(), "conflict log: " + log);
        assertEquals("DELETE_MISSING", log.get(0).kind());
        assertEquals(batches.get(2).seq().text(), log.get(0).seq());
    }
}
