package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Capture stops on a selected table it cannot synchronize before anything of it is published,
 * naming the table, the reason and the fix:
 *
 * <ul>
 *   <li>an engine that is not transactional (MyISAM, Aria, MEMORY...) logs its rows outside the
 *       transaction that holds Duplex's apply_checkpoint marker, so Duplex's own writes to it would
 *       come back (issue #13, scenario 3); once fixed, capture resumes;</li>
 *   <li>a system-versioned table (MariaDB) logs its deletes as updates of the row's period and its
 *       updates with a history insert, which applied as rows would leave deleted rows current on
 *       the other node.</li>
 * </ul>
 */
class CaptureUnsupportedTablesIT {
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

    @Test
    void shouldStopOnATableCreatedMyIsamAfterStartAndPublishNothingOfIt() {
        h.sql("CREATE DATABASE nt1", "CREATE TABLE nt1.keep (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("nontx-create", "- database: nt1");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO nt1.keep VALUES (1)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row of the InnoDB table");
            h.sql("CREATE TABLE nt1.legacy (id INT PRIMARY KEY, v INT) ENGINE=MyISAM",
                    "INSERT INTO nt1.legacy VALUES (1, 10)");
            DuplexException failure = Await.failure(capture, q);
            assertStoppedFor(task, failure, "`nt1`.`legacy`", "MyISAM");
            q.settle(Duration.ofSeconds(1));
            assertEquals(List.of(), changesOf(q, "legacy"), "nothing of nt1.legacy may be published");
        }
    }

    @Test
    void shouldStopOnATableAlteredToAriaThenResumeOnceItIsInnoDbAgain() {
        h.sql("CREATE DATABASE nt2", "CREATE TABLE nt2.items (id INT PRIMARY KEY, v INT)");
        CaptureHarness.Task task = h.task("nontx-alter", "- database: nt2");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO nt2.items VALUES (1, 10)");
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row written while InnoDB");
            h.sql("ALTER TABLE nt2.items ENGINE=Aria", "INSERT INTO nt2.items VALUES (2, 20)");
            DuplexException failure = Await.failure(capture, q);
            assertStoppedFor(task, failure, "`nt2`.`items`", "Aria");
            q.settle(Duration.ofSeconds(1));
            assertEquals(List.of(1), ids(q), "only the row written while the table was InnoDB");
            assertTrue(changesOf(q, "items").stream().noneMatch(c -> c instanceof DdlChange),
                    "the ALTER to Aria is not published: " + changesOf(q, "items"));
        }
        // The fix the message gives, then the task is started again: capture resumes from its checkpoint.
        h.sql("ALTER TABLE nt2.items ENGINE=InnoDB");
        try (CaptureService capture = h.capture(task, b -> { })) {
            q.until(d -> ids(d).contains(2), Duration.ofSeconds(60), "the row written while Aria, after the fix");
            assertTrue(capture.failure().isEmpty(), () -> "resumed capture failed: " + capture.failure());
        }
    }

    @Test
    void shouldStopOnATableCreatedWithSystemVersioningAndPublishNothingOfIt() {
        h.sql("CREATE DATABASE sv1", "CREATE TABLE sv1.keep (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("versioned-create", "- database: sv1");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO sv1.keep VALUES (1)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row of the table without versioning");
            h.sql("CREATE TABLE sv1.prices (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                    "INSERT INTO sv1.prices VALUES (1, 10)", "DELETE FROM sv1.prices WHERE id = 1");
            DuplexException failure = Await.failure(capture, q);
            assertStoppedForVersioning(task, failure, "`sv1`.`prices`");
            q.settle(Duration.ofSeconds(1));
            assertEquals(List.of(), changesOf(q, "prices"), "nothing of sv1.prices may be published");
        }
    }

    @Test
    void shouldStopOnATableThatGainsSystemVersioningBeforeItsDeletesAreLoggedAsUpdates() {
        h.sql("CREATE DATABASE sv2", "CREATE TABLE sv2.items (id INT PRIMARY KEY, v INT)");
        CaptureHarness.Task task = h.task("versioned-alter", "- database: sv2");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO sv2.items VALUES (1, 10), (2, 20)");
            q.until(d -> d.rowCount() >= 2, Duration.ofSeconds(60), "the rows written before the versioning");
            h.sql("ALTER TABLE sv2.items ADD SYSTEM VERSIONING", "DELETE FROM sv2.items WHERE id = 2");
            DuplexException failure = Await.failure(capture, q);
            assertStoppedForVersioning(task, failure, "`sv2`.`items`");
            q.settle(Duration.ofSeconds(1));
            assertEquals(List.of(1, 2), ids(q), "only the rows written before the versioning");
            assertTrue(changesOf(q, "items").stream().noneMatch(c -> c instanceof DdlChange),
                    "the ALTER that adds versioning is not published: " + changesOf(q, "items"));
        }
    }

    @Test
    void shouldStopOnASequenceOfTheSelectedDatabaseWithAFixThatCanBeMade() {
        h.sql("CREATE DATABASE sq1", "CREATE TABLE sq1.keep (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("sequence-create", "- database: sq1");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO sq1.keep VALUES (1)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row of the table");
            h.sql("CREATE SEQUENCE sq1.ids", "INSERT INTO sq1.keep VALUES (NEXTVAL(sq1.ids) + 100)");
            DuplexException failure = Await.failure(capture, q);
            assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
            for (String part : List.of("`sq1`.`ids`", "a sequence", "select the tables of `sq1` by name", "mysql-bin.0")) {
                assertTrue(failure.getMessage().contains(part), "names '" + part + "': " + failure.getMessage());
            }
            q.settle(Duration.ofSeconds(1));
            assertEquals(List.of(1), ids(q), "nothing of the transaction that moved the sequence");
        }
    }

    private static void assertStoppedForVersioning(CaptureHarness.Task task, DuplexException failure, String table) {
        assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
        for (String part : List.of(table, "system-versioned", "remove the table from the task's objects",
                "ALTER TABLE " + table + " DROP SYSTEM VERSIONING;", "mysql-bin.0")) {
            assertTrue(failure.getMessage().contains(part), "names '" + part + "': " + failure.getMessage());
        }
        TaskRecord stored = h.tasks().get(task.name()).orElseThrow();
        assertEquals(TaskState.FAILED, stored.state());
        assertTrue(stored.stateReason().contains("DROP SYSTEM VERSIONING"), stored.stateReason());
    }

    /** Receives meanwhile, so a capture that publishes instead of stopping shows what it published. */
    private static void assertStoppedFor(CaptureHarness.Task task, DuplexException failure, String table,
                                         String engine) {
        String fix = "ALTER TABLE " + table + " ENGINE=InnoDB;";
        assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
        assertTrue(failure.getMessage().contains(table), failure.getMessage());
        assertTrue(failure.getMessage().contains(engine), failure.getMessage());
        assertTrue(failure.getMessage().contains(fix), failure.getMessage());
        assertTrue(failure.getMessage().contains("mysql-bin.0"), "names the position: " + failure.getMessage());
        TaskRecord stored = h.tasks().get(task.name()).orElseThrow();
        assertEquals(TaskState.FAILED, stored.state());
        assertTrue(stored.stateReason().contains(fix), stored.stateReason());
    }

    /** Published rows and DDL that concern {@code table}. */
    private static List<Change> changesOf(QueueDrain q, String table) {
        return q.transactions().values().stream().flatMap(t -> t.changes().stream())
                .filter(c -> c instanceof RowChange r ? r.table().equals(table)
                        : ((DdlChange) c).statement().contains(table))
                .toList();
    }

    private static List<Integer> ids(QueueDrain q) {
        return q.rows().stream().map(r -> ((Value.Int) r.after().get(0)).value()).map(Long::intValue).toList();
    }
}
