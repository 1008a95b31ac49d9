package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.sandbox.TestServers;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Row changes, large transactions, loop prevention, heartbeats and DDL on a real MariaDB. */
class CaptureStreamIT {
    private static CaptureHarness h;

    @BeforeAll
    static void start() {
        h = new CaptureHarness(TestServers.a());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static Value text(String s) {
        return new Value.Text(s);
    }

    private static Value dec(String s) {
        return new Value.Decimal(new BigDecimal(s));
    }

    @Test
    void shouldPublishChangesOfSeveralTablesInCommitOrderWithExactImages() {
        h.sql("CREATE DATABASE s1", "CREATE TABLE s1.a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE s1.b (id BIGINT PRIMARY KEY, amount DECIMAL(10,2))");
        CaptureHarness.Task task = h.task("stream", "- database: s1");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO s1.a VALUES (1, 'one')");
            h.sql("BEGIN", "INSERT INTO s1.a VALUES (2, 'two')", "INSERT INTO s1.b VALUES (10, 1.50)",
                    "UPDATE s1.a SET v = 'uno' WHERE id = 1", "COMMIT");
            h.sql("BEGIN", "DELETE FROM s1.a WHERE id = 2", "UPDATE s1.b SET amount = amount + 1 WHERE id = 10",
                    "COMMIT");
            QueueDrain q = h.drain(task);
            q.until(d -> d.transactions().size() >= 3, Duration.ofSeconds(60), "three transactions");
            List<Transaction> txs = new ArrayList<>(q.transactions().values());
            assertEquals(3, txs.size());

            assertEquals(List.of(RowChange.insert("s1", "a", List.of("id", "v"), List.of("id"),
                    List.of(new Value.Int(1), text("one")))), txs.get(0).changes());
            assertEquals(List.of(
                    RowChange.insert("s1", "a", List.of("id", "v"), List.of("id"), List.of(new Value.Int(2), text("two"))),
                    RowChange.insert("s1", "b", List.of("id", "amount"), List.of("id"),
                            List.of(new Value.Int(10), dec("1.50"))),
                    RowChange.update("s1", "a", List.of("id", "v"), List.of("id"), List.of(new Value.Int(1), text("one")),
                            List.of(new Value.Int(1), text("uno")))), txs.get(1).changes());
            assertEquals(List.of(
                    RowChange.delete("s1", "a", List.of("id", "v"), List.of("id"), List.of(new Value.Int(2), text("two"))),
                    RowChange.update("s1", "b", List.of("id", "amount"), List.of("id"),
                            List.of(new Value.Int(10), dec("1.50")), List.of(new Value.Int(10), dec("2.50")))),
                    txs.get(2).changes());
            for (int i = 1; i < txs.size(); i++) {
                assertTrue(txs.get(i - 1).seq().compareTo(txs.get(i).seq()) < 0);
                assertTrue(txs.get(i - 1).commitMicros() <= txs.get(i).commitMicros());
            }
            assertTrue(txs.stream().allMatch(t -> !t.gtid().isEmpty()), "MariaDB GTIDs are carried");
        }
    }

    /**
     * A transaction writes a MyISAM table (outside the selection) after a savepoint, then rolls back
     * to it: the server logs the whole transaction, with the InnoDB row it undid between SAVEPOINT
     * and ROLLBACK TO. That row was published, and node b kept a row node a never kept.
     */
    @Test
    void shouldNotPublishRowsARollbackToSavepointUndid() {
        h.sql("CREATE DATABASE s6", "CREATE TABLE s6.t (id INT PRIMARY KEY)", "CREATE DATABASE s6log",
                "CREATE TABLE s6log.m (id INT PRIMARY KEY) ENGINE=MyISAM");
        CaptureHarness.Task task = h.task("savepoint", "- database: s6");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("BEGIN", "INSERT INTO s6.t VALUES (1)", "SAVEPOINT s", "INSERT INTO s6.t VALUES (2)",
                    "INSERT INTO s6log.m VALUES (2)", "ROLLBACK TO SAVEPOINT s", "INSERT INTO s6.t VALUES (3)", "COMMIT");
            h.sql("INSERT INTO s6.t VALUES (4)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.transactions().size() >= 2, Duration.ofSeconds(60), "two transactions");
            q.settle(Duration.ofSeconds(1));
            assertEquals(List.of(new Value.Int(1), new Value.Int(3), new Value.Int(4)),
                    q.rows().stream().map(r -> r.after().get(0)).toList(), "what node a kept");
        }
    }

    @Test
    void shouldPublishAHundredThousandRowTransactionAsCompleteOrderedFragments() {
        h.sql("CREATE DATABASE s2", "CREATE TABLE s2.big (id INT PRIMARY KEY, payload VARCHAR(64))");
        CaptureHarness.Task task = h.task("big", "- database: s2");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            List<String> statements = new ArrayList<>();
            statements.add("BEGIN");
            for (int chunk = 0; chunk < 100; chunk++) {
                StringBuilder sb = new StringBuilder("INSERT INTO s2.big VALUES ");
                for (int i = 1; i <= 1000; i++) {
                    int id = chunk * 1000 + i;
                    sb.append(i > 1 ? "," : "").append('(').append(id).append(",'row-").append(id)
                            .append("-0123456789abcdefghijklmnopqrstuvwxyz')");
                }
                statements.add(sb.toString());
            }
            statements.add("COMMIT");
            h.sql(statements.toArray(String[]::new));
            QueueDrain q = h.drain(task);
            q.until(d -> d.dataBatches().stream().anyMatch(b -> b.fragment().last() && b.fragment().index() > 0),
                    Duration.ofSeconds(120), "the last fragment");
            List<Batch> fragments = q.dataBatches();
            assertTrue(fragments.size() > 5, "expected many fragments, got " + fragments.size());
            Seq first = fragments.get(0).seq();
            for (int i = 0; i < fragments.size(); i++) {
                Batch f = fragments.get(i);
                assertEquals(i, f.fragment().index());
                assertEquals(i == fragments.size() - 1, f.fragment().last());
                assertEquals(new Seq(first.file(), first.pos(), first.phase(), i), f.seq());
                assertEquals(BatchKind.DML, f.kind());
            }
            List<RowChange> rows = q.rows();
            assertEquals(100_000, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(new Value.Int(i + 1), rows.get(i).after().get(0));
            }
            assertEquals(1, q.transactions().size());
        }
    }

    @Test
    void shouldNotPublishTransactionsThatWriteTheApplyCheckpoint() {
        h.sql("CREATE DATABASE s3", "CREATE TABLE s3.t (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("loop", "- database: s3");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("BEGIN", "INSERT INTO duplex.apply_checkpoint (task, direction, grp, seq, applied_at) VALUES ('"
                            + task.name() + "', 'b2a', 'b2a', '0000000001.0000000000004.1.0000000000', NOW(6))",
                    "INSERT INTO s3.t VALUES (1)", "COMMIT");
            h.sql("INSERT INTO s3.t VALUES (2)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the ordinary transaction");
            q.settle(Duration.ofSeconds(2));
            assertEquals(1, q.rowCount());
            assertEquals(new Value.Int(2), q.rows().get(0).after().get(0));
            assertTrue(capture.status().loopDropped() >= 1);
            assertTrue(q.batches().stream().flatMap(b -> b.transactions().stream()).flatMap(t -> t.changes().stream())
                    .noneMatch(c -> c instanceof RowChange r && r.table().equals("apply_checkpoint")));
        }
    }

    @Test
    void shouldPublishItsHeartbeatAndForwardDdl() {
        h.sql("CREATE DATABASE s4", "CREATE TABLE s4.t (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("beat", "- database: s4");
        try (CaptureService capture = h.capture(task, b -> b.heartbeatInterval(Duration.ofMillis(300)))) {
            Await.streaming(capture);
            h.sql("ALTER TABLE s4.t ADD COLUMN note VARCHAR(10)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.batches().stream().anyMatch(b -> b.kind() == BatchKind.DDL)
                            && d.batches().stream().filter(b -> b.kind() == BatchKind.HEARTBEAT).count() >= 2,
                    Duration.ofSeconds(60), "a DDL batch and heartbeats");
            Batch ddl = q.batches().stream().filter(b -> b.kind() == BatchKind.DDL).findFirst().orElseThrow();
            assertEquals(1, ddl.transactions().get(0).changes().size());
            DdlChange change = (DdlChange) ddl.transactions().get(0).changes().get(0);
            // Run on node b in (node b's name of) the database it acts on, not in the session's default ("").
            assertEquals(new DdlChange("s4", "ALTER TABLE s4.t ADD COLUMN note VARCHAR(10)", change.session()), change);
            // The session it ran in travels with it: the statement's time and the server's default sql_mode.
            long now = System.currentTimeMillis() * 1000L;
            assertTrue(Math.abs(change.session().timestampMicros() - now) < 120_000_000L, change.session().toString());
            assertTrue(change.session().value(SessionVariable.SQL_MODE).orElseThrow().contains("STRICT_TRANS_TABLES"),
                    change.session().toString());
            Batch beat = q.batches().stream().filter(b -> b.kind() == BatchKind.HEARTBEAT).findFirst().orElseThrow();
            RowChange row = (RowChange) beat.transactions().get(0).changes().get(0);
            assertEquals("duplex", row.database());
            assertEquals("heartbeat", row.table());
            assertEquals(text(task.name()), row.after().get(0));
            assertEquals(text("a"), row.after().get(1));
            assertTrue(row.after().get(2) instanceof Value.DateTime);
            assertNull(capture.failure().orElse(null));
        }
        assertTrue(h.leases().current(task.name(), "a").isEmpty(), "a graceful stop releases the lease");
    }

    /**
     * A backlog in the binlog (the capture starts before 2,000 transactions written while it was
     * not running) with a zero linger, so the batcher cuts one transaction per batch: the batches
     * queue up in front of the publisher, which joins them into fewer messages, every transaction
     * once and in order; once it is idle the checkpoint is the end of what it sent.
     */
    @Test
    void shouldJoinABacklogIntoFewerMessagesInOrderAndCheckpointWhereItEnds() {
        h.sql("CREATE DATABASE s5", "CREATE TABLE s5.t (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("backlog", "- database: s5");
        BinlogPosition from = h.position();
        String[] inserts = new String[2000];
        for (int i = 0; i < inserts.length; i++) {
            inserts[i] = "INSERT INTO s5.t VALUES (" + (i + 1) + ")";
        }
        h.sql(inserts);
        try (CaptureService capture = h.capture(task, b -> b.linger(Duration.ZERO).startOverride(from))) {
            QueueDrain q = h.drain(task);
            q.until(d -> d.rowCount() >= inserts.length, Duration.ofSeconds(120), "every transaction of the backlog");
            List<RowChange> rows = q.rows();
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(new Value.Int(i + 1), rows.get(i).after().get(0), "in commit order");
            }
            List<Batch> data = q.dataBatches();
            assertEquals(inserts.length, data.stream().mapToInt(b -> b.transactions().size()).sum(),
                    "nothing sent twice");
            assertTrue(data.stream().anyMatch(b -> b.transactions().size() > 1),
                    "with one transaction per cut batch, only joining makes a message carry several");
            System.out.printf("backlog IT: %d transactions in %d messages%n", inserts.length, data.size());
            BinlogPosition end = data.get(data.size() - 1).range().to();
            Await.until(() -> h.checkpoints().load(task.name(), Direction.A2B)
                            .map(cp -> cp.position().compareTo(end) >= 0).orElse(false),
                    Duration.ofSeconds(30), () -> "the checkpoint at the end of the backlog " + end);
            assertNull(capture.failure().orElse(null));
        }
    }
}
