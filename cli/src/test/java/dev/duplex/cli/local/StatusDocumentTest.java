package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusDocumentTest {
    private static final Instant T0 = Instant.parse("2026-12-05T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static StatusView running(long rows, Instant progressAt, Instant takenAt) {
        DirectionStatus a2b = new DirectionStatus("t", Direction.A2B, 120, "seq", "mysql-bin.000001:400", rows, 2, 0,
                "", progressAt, Instant.EPOCH, progressAt);
        return new StatusView(new TaskRecord("t", "", TaskState.RUNNING, "", 1, T0), Map.of(Direction.A2B, a2b),
                Map.of(), List.of(), Optional.empty(), takenAt);
    }

    private static StatusView copying(long rowsDone, Instant takenAt) {
        return new StatusView(new TaskRecord("t", "", TaskState.FULL_SYNC, "", 1, T0), Map.of(), Map.of(), List.of(),
                Optional.of(new FullSyncProgress(2, 0, rowsDone, 10_000)), takenAt);
    }

    private static JsonNode json(StatusDocument doc) throws Exception {
        return JSON.readTree(doc.text()); // parsed back, as a script reading --json would
    }

    @Test
    void shouldGiveTheLatencyWithTheAgeOfItsLastMeasurementAsALowerBound() throws Exception {
        var doc = new StatusDocument(running(100, T0, T0.plusSeconds(3)), running(150, T0, T0.plusSeconds(4)), Map.of());

        JsonNode a2b = json(doc).path("directions").path("a2b");

        assertEquals(120, a2b.path("latencyMs").asLong());
        assertEquals(4000, a2b.path("latencyAgeMs").asLong());
        assertTrue(a2b.path("latencyAgeIsLowerBound").asBoolean());
        assertEquals(50.0, a2b.path("rowsPerSecond").asDouble());
        assertTrue(json(doc).path("directions").path("b2a").path("latencyMs").isNull(), "nothing applied: no figure");
        assertEquals(1, a2b.path("messageGroups").asInt());
        assertTrue(a2b.path("furthestBehindGroup").isNull(), "one group: none is behind another");
    }

    @Test
    void shouldShowTheLatencyAgeInTheTextWithoutBreakingTheLineScriptsGrep() {
        var doc = new StatusDocument(running(100, T0, T0.plusSeconds(3)), running(150, T0, T0.plusSeconds(4)), Map.of());

        String line = doc.lines().stream().filter(l -> l.startsWith("  a2b")).findFirst().orElseThrow();

        assertTrue(line.matches(".*a2b  latency [0-9]* ms  rows [0-9]*  [0-9]* rows/s.*"), line);
        assertTrue(line.contains("latency measured >=4 s ago"), line);
    }

    @Test
    void shouldEstimateTheFullSyncEtaFromTheRateBetweenTheTwoSamples() throws Exception {
        var doc = new StatusDocument(copying(1_000, T0), copying(2_000, T0.plusSeconds(1)), Map.of());

        JsonNode fullSync = json(doc).path("fullSync");

        assertEquals(1000, fullSync.path("rowsPerSecond").asLong());
        assertEquals(8, fullSync.path("etaSeconds").asLong(), "8,000 rows left at 1,000 rows/s");
        assertEquals("approximate", fullSync.path("eta").asText());
        assertTrue(doc.lines().stream().anyMatch(l -> l.contains("ETA ~8s at 1,000 rows/s")), doc.lines().toString());
    }

    @Test
    void shouldSayTheEtaIsUnknownWhenNoRowsWereCopiedBetweenTheSamples() throws Exception {
        var doc = new StatusDocument(copying(1_000, T0), copying(1_000, T0.plusSeconds(1)), Map.of());

        JsonNode fullSync = json(doc).path("fullSync");

        assertTrue(fullSync.path("etaSeconds").isNull());
        assertEquals("unknown", fullSync.path("eta").asText());
    }

    @Test
    void shouldSayWhyQueueFiguresAreUnavailableInsteadOfShowingNumbers() throws Exception {
        var queues = Map.of(Direction.A2B, QueueStats.unavailable("no duplex local runs on /tmp/x"));
        var doc = new StatusDocument(null, running(1, T0, T0), queues);

        JsonNode queue = json(doc).path("directions").path("a2b").path("queue");

        assertFalse(queue.path("available").asBoolean());
        assertEquals("no duplex local runs on /tmp/x", queue.path("unavailable").asText());
        assertTrue(queue.path("messages").isMissingNode());
    }

    @Test
    void shouldTakeTheBatchInHandAsALowerBoundOfTheOldestMessageAge() {
        var heads = Map.of(Direction.A2B, new QueueHeads.Head(T0.toEpochMilli(), T0.toEpochMilli(), 0));
        var age = QueueGauge.polled(() -> Optional.of(heads)).of(Direction.A2B, 5, T0.plusSeconds(7));

        assertEquals(7000, age.millis());
        assertTrue(age.lowerBound());
        assertEquals(QueueStats.OldestAge.LOCAL, age.source());
        assertEquals(Optional.of(T0.plusSeconds(7)), age.measuredAt());
    }

    @Test
    void shouldNotInventAnAgeForMessagesNoPollerHolds() {
        var heads = Map.of(Direction.A2B, new QueueHeads.Head(-1, T0.toEpochMilli(), 1500));
        var ages = QueueGauge.polled(() -> Optional.of(heads));

        var waiting = ages.of(Direction.A2B, 3, T0.plusSeconds(7));
        var empty = ages.of(Direction.A2B, 0, T0.plusSeconds(7));

        assertFalse(waiting.known());
        assertTrue(waiting.basis().startsWith("unknown: the apply holds none"), waiting.basis());
        assertEquals(0, empty.millis());
        assertEquals("queue empty", empty.basis());
    }
}
