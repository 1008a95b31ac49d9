package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.DdlChange;
import dev.duplex.sandbox.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ALTER TABLE … ADD COLUMN … DEFAULT (UUID()) is one QUERY event: node a fills its rows with UUIDs
 * the binlog never carries, and node b, running the statement, would fill its own with others.
 * Capture stops before publishing such a statement on a table with rows, and forwards it on an
 * empty one, and forwards a default both nodes compute alike (node a's time).
 */
class CapturePerNodeDefaultsIT {
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
    void shouldStopAtAColumnAddedWithUuidDefaultsToATableWithRows() {
        h.sql("CREATE DATABASE nd1", "CREATE TABLE nd1.t (id INT PRIMARY KEY, v INT)");
        CaptureHarness.Task task = h.task("per-node-default", "- database: nd1");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO nd1.t VALUES (1, 10), (2, 20)");
            q.until(d -> d.rowCount() >= 2, Duration.ofSeconds(60), "the rows written before the ALTER");
            h.sql("ALTER TABLE nd1.t ADD COLUMN u CHAR(36) NOT NULL DEFAULT (UUID())");
            DuplexException failure = Await.failure(capture, q);
            assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
            for (String part : List.of("added a column to selected table `nd1`.`t` with a DEFAULT that calls UUID()",
                    "duplex verify --repair --source a", "duplex task reset " + task.name(), "mysql-bin.0")) {
                assertTrue(failure.getMessage().contains(part), "names '" + part + "': " + failure.getMessage());
            }
            q.settle(Duration.ofSeconds(1));
            assertTrue(q.transactions().values().stream().flatMap(t -> t.changes().stream())
                    .noneMatch(c -> c instanceof DdlChange), "the ALTER is not published");
        }
    }

    @Test
    void shouldForwardSuchAColumnOnAnEmptyTableAndTimeDefaultsOnAnyTable() {
        h.sql("CREATE DATABASE nd2", "CREATE TABLE nd2.empty (id INT PRIMARY KEY)",
                "CREATE TABLE nd2.full (id INT PRIMARY KEY)", "INSERT INTO nd2.full VALUES (1)");
        CaptureHarness.Task task = h.task("same-default", "- database: nd2");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("ALTER TABLE nd2.empty ADD COLUMN u CHAR(36) DEFAULT (UUID())",
                    "ALTER TABLE nd2.full ADD COLUMN at DATETIME(6) DEFAULT NOW(6)", "INSERT INTO nd2.full (id) VALUES (2)");
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row written after the ALTERs");
            assertTrue(capture.failure().isEmpty(), () -> "capture failed: " + capture.failure());
            List<String> ddl = q.transactions().values().stream().flatMap(t -> t.changes().stream())
                    .filter(c -> c instanceof DdlChange).map(c -> ((DdlChange) c).statement()).toList();
            assertEquals(List.of("ALTER TABLE nd2.empty ADD COLUMN u CHAR(36) DEFAULT (UUID())",
                    "ALTER TABLE nd2.full ADD COLUMN at DATETIME(6) DEFAULT NOW(6)"), ddl);
        }
    }
}
