package dev.duplex.capture.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.store.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskFailedReporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    private final List<String> lines = new ArrayList<>();
    private final AtomicReference<Optional<TaskState>> state = new AtomicReference<>(Optional.of(TaskState.RUNNING));
    private final TaskFailedReporter reporter = new TaskFailedReporter("shop", state::get, lines::add, CLOCK,
            Duration.ofSeconds(10));

    @Test
    void shouldReportOneWhileTheTaskIsFailedAndZeroOtherwise() throws Exception {
        reporter.reportOnce();
        state.set(Optional.of(TaskState.FAILED));
        reporter.reportOnce();
        state.set(Optional.of(TaskState.PAUSED));
        reporter.reportOnce();

        assertEquals(3, lines.size());
        assertEquals(0, JSON.readTree(lines.get(0)).path(TaskFailedReporter.METRIC_NAME).asLong());
        assertEquals(1, JSON.readTree(lines.get(1)).path(TaskFailedReporter.METRIC_NAME).asLong());
        assertEquals(0, JSON.readTree(lines.get(2)).path(TaskFailedReporter.METRIC_NAME).asLong());
    }

    @Test
    void shouldWriteAnEmfLineInNamespaceDuplexWithTheTaskAsItsOnlyDimension() throws Exception {
        state.set(Optional.of(TaskState.FAILED));
        JsonNode line = JSON.readTree(reporter.reportOnce().orElseThrow());

        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(1_700_000_000_000L, line.path("_aws").path("Timestamp").asLong());
        assertEquals("Duplex", directive.path("Namespace").asText());
        assertEquals("[[\"Task\"]]", directive.path("Dimensions").toString());
        assertEquals("TaskFailed", directive.path("Metrics").get(0).path("Name").asText());
        assertEquals("Count", directive.path("Metrics").get(0).path("Unit").asText());
        assertEquals("shop", line.path("Task").asText());
        assertTrue(line.path("Direction").isMissingNode(), "a task-wide metric has no direction");
    }

    @Test
    void shouldEmitNothingWhenTheTaskCannotBeRead() {
        state.set(Optional.empty());
        assertEquals(Optional.empty(), reporter.reportOnce());
        TaskFailedReporter unreachable = new TaskFailedReporter("shop", () -> {
            throw new IllegalStateException("DynamoDB unreachable");
        }, lines::add, CLOCK, Duration.ofSeconds(10));
        assertEquals(Optional.empty(), unreachable.reportOnce());
        assertEquals(List.of(), lines, "no guess when the state is unknown: the alarm ignores missing data");
    }

    @Test
    void shouldReportAtOnceWhenStartedAndStopWhenAsked() throws Exception {
        state.set(Optional.of(TaskState.FAILED));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        TaskFailedReporter running = new TaskFailedReporter("shop", state::get, seen::add, CLOCK,
                Duration.ofMillis(20));
        running.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        running.stop();
        assertTrue(running.awaitStop(Duration.ofSeconds(5)), "the reporter's thread ends when stopped");
        assertTrue(seen.size() >= 2, "reports every period: " + seen.size());
    }
}
