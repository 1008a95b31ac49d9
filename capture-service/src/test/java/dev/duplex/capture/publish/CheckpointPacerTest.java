package dev.duplex.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckpointPacerTest {
    private static final long MS = 1_000_000L;

    private static CaptureCheckpoint cp(long pos) {
        BinlogPosition p = new BinlogPosition("mysql-bin.000003", pos);
        return new CaptureCheckpoint("shop", Direction.A2B, p, Seq.ofTransaction(p, 0), "server", Instant.EPOCH);
    }

    private static CheckpointPacer pacer() {
        return new CheckpointPacer(Duration.ofMillis(200));
    }

    @Test
    void shouldHaveNothingToWriteBeforeAnythingWasPublished() {
        CheckpointPacer p = pacer();
        assertEquals(Optional.empty(), p.due(0, true));
        assertEquals(Optional.empty(), p.pending());
    }

    @Test
    void shouldWriteTheFirstCheckpointOfASessionAtOnceEvenWhenBusy() {
        CheckpointPacer p = pacer();
        p.published(cp(100), 0);
        assertEquals(Optional.of(cp(100)), p.due(5 * MS, false));
    }

    @Test
    void shouldWriteAtMostOncePerIntervalWhileBatchesWait() {
        CheckpointPacer p = pacer();
        p.published(cp(100), 0);
        p.written(p.due(0, false).orElseThrow(), 0);
        p.published(cp(200), 0);
        assertEquals(Optional.empty(), p.due(50 * MS, false));
        p.published(cp(300), 0);
        assertEquals(Optional.empty(), p.due(199 * MS, false));
        assertEquals(Optional.of(cp(300)), p.due(200 * MS, false), "the latest boundary, once the interval is over");
        p.written(cp(300), 200 * MS);
        assertEquals(Optional.empty(), p.due(201 * MS, true), "nothing pending");
    }

    @Test
    void shouldWriteOnceNothingWaitedOrWasPublishedForAWhile() {
        CheckpointPacer p = pacer();
        p.published(cp(100), 0);
        p.written(cp(100), 0);
        p.published(cp(200), 10 * MS);
        assertEquals(Optional.empty(), p.due(20 * MS, true), "idle between two live messages: no write per message");
        assertEquals(Optional.of(cp(200)), p.due(110 * MS, true), "quiet for 100 ms");
        assertEquals(Optional.empty(), p.due(110 * MS, false), "not while a batch waits, within the interval");
    }

    @Test
    void shouldKeepALaterBoundaryPendingWhenAnEarlierOneWasWritten() {
        CheckpointPacer p = pacer();
        p.published(cp(100), 0);
        CaptureCheckpoint due = p.due(0, true).orElseThrow();
        p.published(cp(200), 0);
        p.written(due, 0);
        assertEquals(Optional.of(cp(200)), p.pending(), "what a graceful stop still writes");
        assertEquals(Optional.of(cp(200)), p.due(100 * MS, true));
    }

    @Test
    void shouldLeaveNothingPendingOnceTheLatestWasWritten() {
        CheckpointPacer p = pacer();
        p.published(cp(100), 0);
        p.written(cp(100), 0);
        assertTrue(p.pending().isEmpty());
    }

    @Test
    void shouldRefuseANegativeInterval() {
        assertThrows(IllegalArgumentException.class, () -> new CheckpointPacer(Duration.ofMillis(-1)));
    }
}
