package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.metrics.EmfMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CaptureMetricsReporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();
    private final AtomicReference<CaptureStatus> status = new AtomicReference<>();
    private final CaptureMetricsReporter reporter = new CaptureMetricsReporter(status::get,
            EmfMetrics.to(lines::add, Clock.systemUTC()), Duration.ofSeconds(10));

    @Test
    void shouldReportDeltasSinceTheLastReportAndRunningWhileStreaming() throws Exception {
        status.set(status(CaptureStatus.State.STREAMING, 0.5, 10, 40));
        reporter.reportOnce();
        status.set(status(CaptureStatus.State.STREAMING, 1.25, 13, 52));
        reporter.reportOnce();

        JsonNode first = JSON.readTree(lines.get(0));
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals("shop", second.path("Task").asText());
        assertEquals("b2a", second.path("Direction").asText());
        assertEquals(1, second.path("CaptureRunning").asLong());
        assertEquals(10, first.path("BatchesSent").asLong());
        assertEquals(3, second.path("BatchesSent").asLong());
        assertEquals(12, second.path("TransactionsSent").asLong());
        assertEquals(1.25, second.path("CaptureLag").asDouble(), 1e-9);
    }

    @Test
    void shouldReportEachOneSidedRemovalOnceAndZeroWhenThereWasNone() throws Exception {
        status.set(status(CaptureStatus.State.STREAMING, 0.5, 1, 1, 0));
        reporter.reportOnce();
        status.set(status(CaptureStatus.State.STREAMING, 0.5, 2, 2, 2));
        reporter.reportOnce();
        reporter.reportOnce();

        List<Long> removals = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertTrue(n.has("OneSidedRemovals"), "every report carries the figure: " + line);
            removals.add(n.path("OneSidedRemovals").asLong());
        }
        assertEquals(List.of(0L, 2L, 0L), removals);
    }

    @Test
    void shouldReportNotRunningWhenTheCaptureIsNotStreaming() throws Exception {
        for (CaptureStatus.State s : List.of(CaptureStatus.State.STANDBY, CaptureStatus.State.RECONNECTING,
                CaptureStatus.State.FAILED)) {
            status.set(status(s, -1, 0, 0));
            reporter.reportOnce();
            JsonNode line = JSON.readTree(lines.get(lines.size() - 1));
            assertEquals(0, line.path("CaptureRunning").asLong(), s.name());
            assertFalse(line.has("CaptureLag"), "no lag before the first transaction");
        }
    }

    @Test
    void shouldStopWithinItsAwait() throws Exception {
        status.set(status(CaptureStatus.State.STREAMING, 0, 0, 0));
        reporter.start();
        reporter.stop();
        assertTrue(reporter.awaitStop(Duration.ofSeconds(5)));
    }

    private static CaptureStatus status(CaptureStatus.State state, double lag, long batches, long transactions) {
        return status(state, lag, batches, transactions, 0);
    }

    private static CaptureStatus status(CaptureStatus.State state, double lag, long batches, long transactions,
                                        long removals) {
        return new CaptureStatus(state, "shop", "b2a", "mysql-bin.000001:4", lag, batches, transactions, 0, removals,
                "");
    }
}
