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
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.StatusProgress;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.VerifyResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The figures written to the status item are the ones emitted as CloudWatch metrics. */
class StatusRecorderMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);

    private final List<StatusProgress> written = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final StatusRecorder recorder = new StatusRecorder(new RecordingStatus(), "shop", Direction.B2A, CLOCK,
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

    private final class RecordingStatus implements StatusStore {
        @Override
        public void addProgress(String task, Direction direction, StatusProgress progress) {
            written.add(progress);
            events.add("progress " + progress.rowsDelta() + " rows");
        }

        @Override
        public void recordError(String task, Direction direction, String error, Instant at) {
            events.add("error " + error);
        }

        @Override
        public Instant recordRetrying(String task, Direction direction, String error, Instant at) {
            events.add("retrying " + error);
            return at;
        }

        @Override
        public void recordRefusedDdl(String task, Direction direction, RefusedDdl refused) {
            events.add("refused DDL " + refused.statement());
        }

        @Override
        public void endRetrying(String task, Direction direction) {
            events.add("retrying ended");
        }

        @Override
        public Optional<DirectionStatus> get(String task, Direction direction) {
            return Optional.empty();
        }

        @Override
        public void recordVerification(String task, VerifyResult result) {
        }

        @Override
        public Optional<VerifyResult> lastVerification(String task) {
            return Optional.empty();
        }

        @Override
        public void appendLog(TaskLogEntry entry) {}

        @Override
        public List<TaskLogEntry> log(String task, int limit) {
            return List.of();
        }
    }
}
