package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A source whose binlog cannot be captured faithfully is refused at start, naming the setting and the fix. */
class CaptureSourceCheckIT {

    @ParameterizedTest
    @CsvSource({
        "binlog_format, STATEMENT, SET GLOBAL binlog_format=ROW",
        "binlog_format, MIXED, SET GLOBAL binlog_format=ROW",
        "binlog_row_image, MINIMAL, SET GLOBAL binlog_row_image=FULL",
        "log_bin_compress, ON, SET GLOBAL log_bin_compress=OFF"})
    void shouldRefuseASourceThatDoesNotLogFullRows(String setting, String value, String fix) {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1, Map.of(setting, value)))) {
            CaptureHarness.Task task = h.task("check", "- database: x");
            try (CaptureService capture = h.capture(task, b -> { })) {
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture to refuse");
                var failure = capture.failure().get();
                assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
                assertTrue(failure.getMessage().contains(setting + " is " + value), failure.getMessage());
                assertTrue(failure.getMessage().contains(fix), failure.getMessage());
                assertEquals(CaptureStatus.State.FAILED, capture.status().state());
                TaskRecord stored = h.tasks().get(task.name()).orElseThrow();
                assertEquals(TaskState.FAILED, stored.state());
                assertTrue(stored.stateReason().contains(fix), stored.stateReason());
            }
        }
    }

    @Test
    void shouldReadColumnsFromInformationSchemaWhenTheBinlogHasNoRowMetadata() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1, Map.of("binlog_row_metadata", "MINIMAL")))) {
            h.sql("CREATE DATABASE m", "CREATE TABLE m.t (id INT UNSIGNED PRIMARY KEY, name VARCHAR(10) CHARACTER SET "
                    + "latin1, kind ENUM('x','y'))");
            CaptureHarness.Task task = h.task("minimal", "- database: m");
            try (CaptureService capture = h.capture(task, b -> { })) {
                Await.streaming(capture);
                h.sql("INSERT INTO m.t VALUES (4294967295, 'Zoë', 'y')");
                QueueDrain q = h.drain(task);
                q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row");
                assertEquals(List.of(RowChange.insert("m", "t", List.of("id", "name", "kind"), List.of("id"),
                        List.of(Value.UInt.parse("4294967295"), new Value.Text("Zoë"), new Value.Enum("y")))), q.rows());
            }
        }
    }

    /**
     * Without column names in the binlog the columns come from information_schema by position. A
     * column moved after the rows were written (here before the capture read them) put the row's
     * id under `name` and its name under `id`, published without a word; the capture now stops
     * at the event, names the table and the fix, and publishes nothing of it.
     */
    @Test
    void shouldStopRatherThanPutValuesUnderTheWrongColumnsOfATableChangedSinceTheEvent() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1, Map.of("binlog_row_metadata", "MINIMAL")))) {
            h.sql("CREATE DATABASE m", "CREATE TABLE m.t (id INT PRIMARY KEY, name VARCHAR(10))");
            var before = h.position();
            h.sql("INSERT INTO m.t VALUES (7, 'seven')", "ALTER TABLE m.t MODIFY name VARCHAR(10) FIRST");
            CaptureHarness.Task task = h.task("moved", "- database: m");
            try (CaptureService capture = h.capture(task, b -> b.startOverride(before))) {
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture to stop");
                var failure = capture.failure().get();
                assertTrue(failure.getMessage().contains("m.t has column 1 of type LONG in the binlog where `name`"),
                        failure.getMessage());
                assertTrue(failure.getMessage().contains("binlog_row_metadata=FULL")
                        && failure.getMessage().contains("duplex task reset " + task.name() + " --yes"), failure.getMessage());
                assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
                QueueDrain q = h.drain(task);
                q.receiveOnce(1);
                assertEquals(List.of(), q.rows(), "nothing of the row was published");
            }
        }
    }

    /**
     * A session under STATEMENT runs LOAD DATA: the server logs the file's bytes and the statement
     * as BEGIN_LOAD_QUERY and EXECUTE_LOAD_QUERY events, which are not QUERY events, so the rows
     * were neither captured nor refused. The capture now stops there and says how to come back.
     */
    @Test
    void shouldStopOnALoadDataLoggedAsAStatement() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1))) {
            h.sql("CREATE DATABASE l", "CREATE TABLE l.t (id INT PRIMARY KEY)", "USE l",
                    "SELECT 5 UNION SELECT 6 INTO OUTFILE 'rows.txt'");
            CaptureHarness.Task task = h.task("load", "- database: l");
            try (CaptureService capture = h.capture(task, b -> { })) {
                Await.streaming(capture);
                h.sql("USE l", "SET SESSION binlog_format = 'STATEMENT'", "LOAD DATA INFILE 'rows.txt' INTO TABLE l.t");
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture to stop");
                var failure = capture.failure().get();
                assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
                assertTrue(failure.getMessage().contains("LOAD DATA is logged as a statement")
                        && failure.getMessage().contains("duplex task reset"), failure.getMessage());
                assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
            }
        }
    }

    /**
     * A multi-row insert into a MyISAM table outgrows max_binlog_stmt_cache_size: the server keeps
     * the rows it wrote and logs an INCIDENT (LOST_EVENTS) instead of them. A native replica stops
     * there; the capture read past it as an event of no interest. It now stops, naming the incident
     * and the way back, and publishes nothing after it.
     */
    @Test
    void shouldStopWhereTheSourceLoggedThatItLostEvents() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1))) {
            h.sql("CREATE DATABASE i", "CREATE TABLE i.t (id INT PRIMARY KEY)",
                    "CREATE TABLE i.m (id INT PRIMARY KEY, v TEXT) ENGINE=MyISAM");
            CaptureHarness.Task task = h.task("incident", "- database: i\n  tables: [t]");
            try (CaptureService capture = h.capture(task, b -> { })) {
                Await.streaming(capture);
                h.sql("SET GLOBAL max_binlog_stmt_cache_size = 4096");
                try {
                    // 100 rows of 1 KB: past the statement cache's 32 KB in memory, then past its maximum.
                    String digits = "(SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION "
                            + "SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9)";
                    h.sql("INSERT INTO i.m SELECT a.n * 10 + b.n, REPEAT('x', 1000) FROM " + digits + " a, " + digits
                            + " b");
                } catch (IllegalStateException expected) {
                    assertTrue(expected.getMessage().contains("max_binlog_stmt_cache_size"), expected.getMessage());
                } finally {
                    h.sql("SET GLOBAL max_binlog_stmt_cache_size = DEFAULT");
                }
                h.sql("INSERT INTO i.t VALUES (1)");
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture to stop");
                var failure = capture.failure().get();
                assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
                assertTrue(failure.getMessage().contains("LOST_EVENTS")
                        && failure.getMessage().contains("duplex task reset"), failure.getMessage());
                assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
                QueueDrain q = h.drain(task);
                q.receiveOnce(1);
                assertEquals(List.of(), q.rows(), "nothing after the incident was published");
            }
        }
    }

    /**
     * A session under MIXED (or STATEMENT) calls a stored function that inserts into a selected
     * table: the server logs {@code SELECT `s`.`f`(1)}, not the row. The capture took it for a
     * statement it need not read and went on without the row, without a word; it now stops at it
     * and says how to fix the source.
     */
    @Test
    void shouldStopOnAStoredFunctionsDataChangeLoggedAsAStatement() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1))) {
            h.sql("CREATE DATABASE s", "CREATE TABLE s.t (id INT PRIMARY KEY)",
                    "CREATE FUNCTION s.f(x INT) RETURNS INT MODIFIES SQL DATA DETERMINISTIC"
                            + " BEGIN INSERT INTO s.t VALUES (x); RETURN x; END");
            CaptureHarness.Task task = h.task("function", "- database: s");
            try (CaptureService capture = h.capture(task, b -> { })) {
                Await.streaming(capture);
                h.sql("SET SESSION binlog_format = 'MIXED'", "SELECT s.f(1)");
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture to stop");
                var failure = capture.failure().get();
                assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
                assertTrue(failure.getMessage().contains("logged as a statement, not as rows")
                        && failure.getMessage().contains("SET GLOBAL binlog_format=ROW"), failure.getMessage());
                assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
            }
        }
    }

    /**
     * With {@code binlog_row_metadata=MINIMAL} (MySQL 8's default) the event carries each column's
     * character set and signedness but not its name. A table converted to another character set
     * after its rows were written, while the capture lagged, had those rows' bytes read in the new
     * one: node a's utf8mb4 'Zoë' reached node b as latin1's 'ZoÃ«', without a word (the other way
     * round the bytes did not decode and the task stopped). The event's own character set decodes
     * them as written.
     */
    @Test
    void shouldDecodeRowsWrittenBeforeACharsetConversionWithTheEventsCharset() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1, Map.of("binlog_row_metadata", "MINIMAL")))) {
            h.sql("CREATE DATABASE c", "CREATE TABLE c.t (id INT PRIMARY KEY, name VARCHAR(10) CHARACTER SET utf8mb4)");
            var before = h.position();
            h.sql("INSERT INTO c.t VALUES (1, 'Zoë')", "ALTER TABLE c.t CONVERT TO CHARACTER SET latin1");
            CaptureHarness.Task task = h.task("converted", "- database: c");
            try (CaptureService capture = h.capture(task, b -> b.startOverride(before))) {
                QueueDrain q = h.drain(task);
                q.until(d -> d.rowCount() >= 1 || capture.failure().isPresent(), Duration.ofSeconds(60), "the row");
                assertEquals(Optional.empty(), capture.failure().map(Throwable::getMessage));
                assertEquals(List.of(RowChange.insert("c", "t", List.of("id", "name"), List.of("id"),
                        List.of(new Value.Int(1), new Value.Text("Zoë")))), q.rows());
            }
        }
    }

    @Test
    void shouldStopWhenCompressedEventsAppearAfterStart() {
        try (CaptureHarness h = new CaptureHarness(MySqlSandbox.start("a", 1))) {
            h.sql("CREATE DATABASE z", "CREATE TABLE z.t (id INT PRIMARY KEY, doc TEXT)");
            CaptureHarness.Task task = h.task("compress", "- database: z");
            try (CaptureService capture = h.capture(task, b -> { })) {
                Await.streaming(capture);
                h.sql("SET GLOBAL log_bin_compress = ON", "INSERT INTO z.t VALUES (1, REPEAT('x', 4000))");
                Await.until(() -> capture.failure().isPresent(), Duration.ofSeconds(60), () -> "the capture to stop");
                var failure = capture.failure().get();
                assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
                assertTrue(failure.getMessage().contains("log_bin_compress=OFF"), failure.getMessage());
                assertTrue(failure.getMessage().contains("mysql-bin.0"), "names the position: " + failure.getMessage());
                assertEquals(TaskState.FAILED, h.tasks().get(task.name()).orElseThrow().state());
            } finally {
                h.sql("SET GLOBAL log_bin_compress = OFF");
            }
        }
    }
}
