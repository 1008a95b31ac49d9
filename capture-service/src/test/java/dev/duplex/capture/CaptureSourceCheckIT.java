package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A source whose binlog cannot be captured faithfully is refused at start, naming the setting and the fix. */
class CaptureSourceCheckIT {

    @ParameterizedTest
    @CsvSource({
        "binlog_format, STATEMENT, SET GLOBAL binlog_format=ROW",
        "binlog_format, MIXED, SET GLOBAL binlog_format=ROW",
        "binlog_row_image, MINIMAL, SET GLOBAL binlog_row_image=FULL"})
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
}
