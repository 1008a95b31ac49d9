package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.i;
import static dev.duplex.apply.Batches.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: a conflict is recorded whatever the size of its rows, and a conflict log that
 * refuses a record stops the direction with the reason instead of holding it until the retry
 * window ends. On a real MariaDB, ElasticMQ and DynamoDB Local.
 */
class ConflictLogLimitsIT {
    private static final List<String> COLS = List.of("id", "body");
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

    /** Without in-invocation retries: a message that fails is reported at once. */
    private static SqsBatchProcessor processor(ApplyContext ctx) {
        return fx.processor(ctx, RetryPolicy.NO_RETRY, StatementListener.NONE, Clock.systemUTC());
    }

    private static String text(int length, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(length);
        for (int n = 0; n < length; n++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    @Test
    void shouldRecordAConflictWithA2MbTargetRowCutWithItsHashAndSizeAndApplyOn() throws Exception {
        String task = "big_row";
        fx.putTask(task, "conflictPolicy: ignore", "- shop");
        long seed = 1616;
        System.out.println("big conflict row: seed " + seed);
        String big = text(2 * 1024 * 1024, seed);
        fx.sql("CREATE TABLE shop.big_row (id INT PRIMARY KEY, body LONGTEXT)");
        try (var c = fx.target.connect(); var ps = c.prepareStatement("INSERT INTO shop.big_row VALUES (1, ?)")) {
            ps.setString(1, big);
            ps.executeUpdate();
        }
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, RowChange.insert("shop", task, COLS, List.of("id"), List.of(i(1), s("incoming")))));
        fx.send(q, dml(task, 200, RowChange.insert("shop", task, COLS, List.of("id"), List.of(i(2), s("later")))));
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 2), processor(ctx)).getBatchItemFailures().isEmpty(),
                    "the conflict is recorded and the apply goes on");
        }
        assertEquals(List.of(List.of("1", "2097152"), List.of("2", "5")),
                fx.rows("SELECT id, LENGTH(body) FROM shop.big_row ORDER BY id"), "the target row kept (ignore)");
        ConflictRecord r = fx.conflicts.recent(task, 1).get(0);
        assertEquals("KEEP_TARGET", r.decision());
        String whole = "{\"id\":1,\"body\":\"" + big + "\"}";
        assertEquals(1, r.truncated().size(), "truncated: " + r.truncated());
        ConflictRecord.Truncated cut = r.truncated().get(0);
        assertEquals("targetRow", cut.field());
        assertEquals(whole.length(), cut.bytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(whole.getBytes(StandardCharsets.UTF_8))), cut.sha256());
        assertTrue(whole.startsWith(r.targetRow()) && r.targetRow().length() > 300_000
                && r.targetRow().length() < 350 * 1024, "kept the first " + r.targetRow().length() + " characters");
        assertEquals("{\"id\":1,\"body\":\"incoming\"}", r.afterImage(), "the small image is whole");
        assertEquals(TaskState.CREATED, fx.state(task));
    }

    @Test
    void shouldFailTheTaskWithTheReasonWhenTheConflictLogRefusesTheRecord() throws Exception {
        String task = "no_log";
        fx.putTask(task, "conflictPolicy: ignore", "- shop");
        fx.sql("CREATE TABLE shop.no_log (id INT PRIMARY KEY, body TEXT)", "INSERT INTO shop.no_log VALUES (1, 'target')");
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, 100, RowChange.insert("shop", task, COLS, List.of("id"), List.of(i(1), s("incoming")))));
        // A conflict table that is not there: DynamoDB refuses every write to it (400, ResourceNotFoundException).
        ApplyStores stores = new ApplyStores(fx.tasks, fx.status,
                new DynamoConflictLog(fx.aws.dynamo(), StoreTables.withPrefix("missing-")));
        try (ApplyContext ctx = new ApplyContext(task, Direction.A2B, stores,
                ref -> new SecretValue(fx.target.password()), Clock.systemUTC(), Duration.ZERO)) {
            assertEquals(1, fx.deliver(q, fx.receive(q, 1), processor(ctx)).getBatchItemFailures().size());
        }
        assertEquals(TaskState.FAILED, fx.state(task), "stopped at the first refusal, not retried for the window");
        String reason = fx.reason(task);
        assertTrue(reason.contains("cannot write the conflict log"), reason);
        assertEquals("target", fx.scalar("SELECT body FROM shop.no_log WHERE id = 1"), "the message rolled back");
    }
}
