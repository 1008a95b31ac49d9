package dev.duplex.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.metrics.EmfMetrics.Metric;
import dev.duplex.core.metrics.EmfMetrics.Unit;
import dev.duplex.core.model.Direction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

    @Test
    void shouldWriteOneEmbeddedMetricFormatObjectPerEmission() throws Exception {
        List<String> lines = new ArrayList<>();
        EmfMetrics metrics = EmfMetrics.to(lines::add, CLOCK);

        metrics.emit("shop", Direction.A2B, List.of(Metric.count(MetricNames.ROWS_APPLIED, 120),
                new Metric(MetricNames.LATENCY, Unit.MILLISECONDS, 85)));

        assertEquals(1, lines.size());
        assertFalse(lines.get(0).contains("\n"), "one log event is one line");
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(1_700_000_000_123L, line.path("_aws").path("Timestamp").asLong());
        assertEquals("Duplex", directive.path("Namespace").asText());
        assertEquals("[[\"Task\",\"Direction\"]]", directive.path("Dimensions").toString());
        assertEquals("[{\"Name\":\"RowsApplied\",\"Unit\":\"Count\"},{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\"}]",
                directive.path("Metrics").toString());
        assertEquals("shop", line.path("Task").asText());
        assertEquals("a2b", line.path("Direction").asText());
        assertEquals(120, line.path("RowsApplied").asLong());
        assertEquals(85, line.path("Latency").asLong());
    }

    @Test
    void shouldWriteATaskWideMetricWithTheTaskDimensionAlone() throws Exception {
        List<String> lines = new ArrayList<>();
        EmfMetrics.to(lines::add, CLOCK).emitTask("shop", List.of(Metric.count("VerifyDifferences", 3)));
        var root = new ObjectMapper().readTree(lines.get(0));
        assertEquals("[[\"Task\"]]", root.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals(3, root.path("VerifyDifferences").asLong());
        assertEquals("shop", root.path("Task").asText());
        assertTrue(root.path("Direction").isMissingNode(), lines.get(0));
    }

    @Test
    void shouldKeepFractionsToMilliseconds() throws Exception {
        String line = EmfMetrics.line("t", Direction.B2A,
                List.of(new Metric(MetricNames.CAPTURE_LAG, Unit.SECONDS, 0.41234)), 0);
        assertEquals(0.412, new ObjectMapper().readTree(line).path("CaptureLag").asDouble(), 1e-9);
    }

    @Test
    void shouldEscapeTaskNamesAsJson() throws Exception {
        String line = EmfMetrics.line("a\"b", Direction.A2B, List.of(Metric.count(MetricNames.BATCHES_SENT, 1)), 0);
        assertEquals("a\"b", new ObjectMapper().readTree(line).path("Task").asText());
    }

    @Test
    void shouldEmitNothingWhenDisabledOrEmpty() {
        List<String> lines = new ArrayList<>();
        EmfMetrics.disabled().emit("t", Direction.A2B, List.of(Metric.count(MetricNames.CONFLICTS, 1)));
        EmfMetrics.to(lines::add, CLOCK).emit("t", Direction.A2B, List.of());
        assertTrue(lines.isEmpty());
        assertFalse(EmfMetrics.disabled().enabled());
    }

    @Test
    void shouldBeOnOnlyWhenTheEnvironmentAsksForEmf() {
        assertFalse(EmfMetrics.fromEnvironment(Map.<String, String>of()::get, CLOCK).enabled());
        assertFalse(EmfMetrics.fromEnvironment(Map.of("DUPLEX_METRICS", "off")::get, CLOCK).enabled());
        assertTrue(EmfMetrics.fromEnvironment(Map.of("DUPLEX_METRICS", "emf")::get, CLOCK).enabled());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmfMetrics.fromEnvironment(Map.of("DUPLEX_METRICS", "statsd")::get, CLOCK));
        assertTrue(e.getMessage().contains("use emf"), e.getMessage());
    }

    @Test
    void shouldRefuseAMetricTwiceInOneLine() {
        assertThrows(IllegalArgumentException.class, () -> EmfMetrics.line("t", Direction.A2B,
                List.of(Metric.count(MetricNames.CONFLICTS, 1), Metric.count(MetricNames.CONFLICTS, 2)), 0));
    }

    @Test
    void shouldNameEveryMetricInCamelCaseWithoutDuplicates() {
        assertEquals(MetricNames.ALL.size(), MetricNames.ALL.stream().distinct().count());
        MetricNames.ALL.forEach(n -> assertTrue(n.matches("[A-Z][A-Za-z]+"), n));
    }
}
