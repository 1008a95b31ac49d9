package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.StatusProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures written to the status item are the ones emitted as CloudWatch metrics. */
class StatusRecorderMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);

    private final List<String> lines = new ArrayList<>();
    private final RecordingStatusStore store = new RecordingStatusStore();
    private final List<StatusProgress> written = store.written;
    private final List<String> events = store.events;
    private final StatusRecorder recorder = new StatusRecorder(store, "shop", Direction.B2A, CLOCK,
            Duration.ofSeconds(1), EmfMetrics.to(lines::add, CLOCK));

    @Test
    void shouldEmitRowsBatchesConflictsAndLatencyWithEachStatusWrite() throws Exception {
        long heartbeat = HeartbeatTime.epochMicros(CLOCK.instant().minusMillis(250));
        recorder.applied(Batches.dml("shop", 100), result(7, heartbeat));
        recorder.applied(Batches.dml("shop", 200), result(3, -1));
        recorder.flushIfDue();

        assertEquals(1, written.size());
        assertEquals(1, lines.size());
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("b2a", line.path("Direction").asText());
        assertEquals(written.get(0).rowsDelta(), line.path("RowsApplied").asLong());
        assertEquals(10, line.path("RowsApplied").asLong());
        assertEquals(2, line.path("BatchesApplied").asLong());
        assertEquals(0, line.path("Conflicts").asLong());
        assertEquals(250, line.path("Latency").asLong());
    }

    @Test
    void shouldLeaveLatencyOutWhenNoHeartbeatWasApplied() throws Exception {
        recorder.applied(Batches.dml("shop", 100), result(1, -1));
        recorder.flushIfDue();
        assertFalse(JSON.readTree(lines.get(0)).has("Latency"));
    }

    @Test
    void shouldCountAFailedMessageAtOnce() throws Exception {
        recorder.messageFailed();
        assertEquals(1, JSON.readTree(lines.get(0)).path("ApplyErrors").asLong());
        assertTrue(written.isEmpty(), "a failure alone writes no progress");
    }

    @Test
    void shouldCountRefusedDdlAtOnceInTheMetricsAndTheStatusButNotAsTheLastError() throws Exception {
        List<DdlFailure> refused = List.of(new DdlFailure("shop", "ALTER TABLE t DROP COLUMN x", "[MySQL error 1091] x"),
                new DdlFailure("shop", "DROP INDEX i ON t", "[MySQL error 1091] i"));
        recorder.applied(Batches.dml("shop", 100), new ApplyResult(false,
                Seq.ofTransaction(new BinlogPosition(Batches.FILE, 100), 0), 1, 0, List.of(), refused, -1, false));

        assertEquals(1, lines.size(), "one emission, before any progress write");
        assertEquals(2, JSON.readTree(lines.get(0)).path("DdlFailures").asLong());
        assertEquals(List.of("refused DDL ALTER TABLE t DROP COLUMN x", "refused DDL DROP INDEX i ON t"), events);
    }

    @Test
    void shouldWriteProgressMadeBeforeAnErrorBeforeTheErrorItself() {
        recorder.flushIfDue(); // nothing pending: no write
        recorder.applied(Batches.dml("shop", 100), result(4, -1));
        recorder.error("target unreachable");

        assertEquals(List.of("progress 4 rows", "error target unreachable"), events,
                "progress after an error would read as applying again since");
    }

    private static ApplyResult result(int rows, long heartbeatMicros) {
        return new ApplyResult(false, Seq.ofTransaction(new BinlogPosition(Batches.FILE, 100), 0), 1, rows, List.of(),
                List.of(), heartbeatMicros, true);
    }
}
