package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.RowChange;
import dev.duplex.sandbox.TestServers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB's EXCHANGE PARTITION moves rows between a partition and a table with one QUERY event
 * and no row events: node b can follow only by running the same statement, which works between
 * two selected tables and not across the selection's edge. There capture stops before publishing
 * the statement, instead of leaving node b without the rows that moved.
 */
class CapturePartitionMovesIT {
    private static final String PARTITIONED = "(id INT PRIMARY KEY, v INT) PARTITION BY RANGE (id) "
            + "(PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)";
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
    void shouldStopOnAPartitionExchangeWithATableTheTaskLeavesOut() {
        h.sql("CREATE DATABASE pm1", "CREATE TABLE pm1.p " + PARTITIONED, "CREATE TABLE pm1.stage (id INT PRIMARY KEY, v INT)",
                "INSERT INTO pm1.stage VALUES (1, 10), (2, 20)");
        CaptureHarness.Task task = h.task("moves-across", "- database: pm1\n  tables: [p]");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO pm1.p VALUES (500, 5)");
            q.until(d -> d.rowCount() >= 1, Duration.ofSeconds(60), "the row written before the exchange");
            h.sql("ALTER TABLE pm1.p EXCHANGE PARTITION p0 WITH TABLE pm1.stage");
            DuplexException failure = Await.failure(capture, q);
            assertTrue(failure instanceof IncompatibleSourceException, failure.toString());
            for (String part : List.of("moved rows between selected table `pm1`.`p` and `pm1`.`stage`",
                    "duplex task reset " + task.name(), "mysql-bin.0")) {
                assertTrue(failure.getMessage().contains(part), "names '" + part + "': " + failure.getMessage());
            }
            q.settle(Duration.ofSeconds(1));
            assertTrue(q.transactions().values().stream().flatMap(t -> t.changes().stream())
                    .noneMatch(c -> c instanceof DdlChange), "the exchange is not published");
        }
    }

    @Test
    void shouldPublishAPartitionExchangeBetweenTwoSelectedTables() {
        h.sql("CREATE DATABASE pm2", "CREATE TABLE pm2.p " + PARTITIONED, "CREATE TABLE pm2.stage (id INT PRIMARY KEY, v INT)");
        CaptureHarness.Task task = h.task("moves-within", "- database: pm2");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO pm2.stage VALUES (1, 10)", "ALTER TABLE pm2.p EXCHANGE PARTITION p0 WITH TABLE pm2.stage",
                    "INSERT INTO pm2.p VALUES (2, 20)");
            q.until(d -> d.rows().stream().anyMatch(r -> r.table().equals("p")), Duration.ofSeconds(60),
                    "the row written after the exchange");
            assertTrue(capture.failure().isEmpty(), () -> "capture failed: " + capture.failure());
            List<String> ddl = q.transactions().values().stream().flatMap(t -> t.changes().stream())
                    .filter(c -> c instanceof DdlChange).map(c -> ((DdlChange) c).statement()).toList();
            assertEquals(List.of("ALTER TABLE pm2.p EXCHANGE PARTITION p0 WITH TABLE pm2.stage"), ddl);
            assertEquals(List.of("stage", "p"), q.rows().stream().map(RowChange::table).toList());
        }
    }
}
