package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source goes away: capture reconnects from its checkpoint, or fails the task after the retry window. */
class CaptureReconnectIT {

    private static void insert(CaptureHarness h, int from, int to) {
        try (Connection c = h.db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO r.t VALUES (?, ?)")) {
            for (int id = from; id <= to; id++) {
                ps.setInt(1, id);
                ps.setString(2, "row " + id);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldReconnectAfterTheDatabaseRestartsAndLoseNothing() {
        MySqlSandbox db = MySqlSandbox.start("a", 1);
        try (CaptureHarness h = new CaptureHarness(db)) {
            h.sql("CREATE DATABASE r", "CREATE TABLE r.t (id INT PRIMARY KEY, v VARCHAR(20))");
            CaptureHarness.Task task = h.task("reconnect", "- database: r");
            try (CaptureService capture = h.capture(task, b -> b.reconnect(Duration.ofMillis(500), Duration.ofSeconds(2)))) {
                Await.streaming(capture);
                insert(h, 1, 1500);
                db.stop();
                db.restart();
                insert(h, 1501, 2000);
                QueueDrain q = h.drain(task);
                q.until(d -> d.rowCount() >= 2000, Duration.ofSeconds(120), "2000 rows");
                q.settle(Duration.ofSeconds(1));
                List<RowChange> rows = q.rows();
                assertEquals(2000, rows.size(), "each transaction exactly once after dedup by seq");
                for (int i = 0; i < rows.size(); i++) {
                    assertEquals(new Value.Int(i + 1), rows.get(i).after().get(0), "commit order");
                }
                assertTrue(capture.failure().isEmpty());
                assertEquals(CaptureStatus.State.STREAMING, capture.status().state());
            }
        }
    }

    @Test
    void shouldFailTheTaskWhenTheDatabaseStaysDownLongerThanTheRetryWindow() {
        MySqlSandbox db = MySqlSandbox.start("a", 1);
        try (CaptureHarness h = new CaptureHarness(db)) {
            h.sql("CREATE DATABASE r", "CREATE TABLE r.t (id INT PRIMARY KEY, v VARCHAR(20))");
            CaptureHarness.Task task = h.task("down", "- database: r");
            try (CaptureService capture = h.capture(task, b -> b.retryWindow(Duration.ofSeconds(3))
                    .reconnect(Duration.ofMillis(500), Duration.ofSeconds(1)))) {
                Await.streaming(capture);
                db.stop();
                Await.until(() -> capture.status().state() == CaptureStatus.State.FAILED, Duration.ofSeconds(60),
                        () -> "the capture to give up, status " + capture.status());
                var stored = h.tasks().get(task.name()).orElseThrow();
                assertEquals(TaskState.FAILED, stored.state());
                assertTrue(stored.stateReason().contains("retry window"), stored.stateReason());
                assertTrue(stored.stateReason().contains("a2b"), stored.stateReason());
            }
        }
    }
}
