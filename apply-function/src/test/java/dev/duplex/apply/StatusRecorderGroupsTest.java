package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.GroupMark;
import dev.duplex.core.store.StatusProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under {@code partitioning: table} one apply instance applies several message groups: each
 * group's position and latency go to the status apart, so a group that falls behind is not
 * hidden by the last one applied.
 */
class StatusRecorderGroupsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:10Z"), ZoneOffset.UTC);
    private static final String T1 = "a2b.shop.t1";
    private static final String T2 = "a2b.shop.t2";

    private final RecordingStatusStore store = new RecordingStatusStore();
    private final StatusRecorder recorder = new StatusRecorder(store, "shop", Direction.A2B, CLOCK,
            Duration.ofSeconds(1));

    @Test
    void shouldWriteEachGroupsLastPositionAndLatency() {
        recorder.applied(Batches.dml("shop", 100), result(100, 40));
        recorder.applied(Batches.inGroup(Batches.dml("shop", 300), T1), result(300, 900));
        recorder.applied(Batches.inGroup(Batches.dml("shop", 200), T2), result(200, -1));
        recorder.applied(Batches.inGroup(Batches.dml("shop", 400), T1), result(400, -1));
        recorder.writePending();

        StatusProgress p = store.written.get(0);
        assertEquals(seq(100), p.lastAppliedSeq(), "the default group's stays its own");
        assertEquals(Batches.FILE + ":150", p.lastSourcePosition());
        assertEquals(40, p.latencyMillis());
        assertEquals(Map.of(T1, new GroupMark(seq(400), Batches.FILE + ":450", 900),
                T2, new GroupMark(seq(200), Batches.FILE + ":250", -1)), p.otherGroups());
        assertEquals(900, p.maxLatencyMillis(), "the latency alarm sees the group furthest behind");
    }

    @Test
    void shouldKeepAFailedWritesGroupsWithTheNextOne() {
        store.beforeProgress = () -> {
            throw new IllegalStateException("throttled");
        };
        recorder.applied(Batches.inGroup(Batches.dml("shop", 100), T1), result(100, 70));
        recorder.applied(Batches.inGroup(Batches.dml("shop", 200), T2), result(200, -1));
        recorder.writeIfDue();

        store.beforeProgress = () -> { };
        recorder.applied(Batches.inGroup(Batches.dml("shop", 300), T2), result(300, 5));
        recorder.writePending();

        StatusProgress p = store.written.get(0);
        assertNull(p.lastAppliedSeq(), "the default group applied nothing: its stored position stays");
        assertEquals(Map.of(T1, new GroupMark(seq(100), Batches.FILE + ":150", 70),
                T2, new GroupMark(seq(300), Batches.FILE + ":350", 5)), p.otherGroups());
        assertEquals(3, p.batchesDelta(), "every message of both writes");
    }

    private static String seq(long pos) {
        return Seq.ofTransaction(new BinlogPosition(Batches.FILE, pos), 0).text();
    }

    private static ApplyResult result(long pos, long latencyMillis) {
        long heartbeat = latencyMillis < 0 ? -1 : HeartbeatTime.epochMicros(CLOCK.instant()) - latencyMillis * 1000;
        return new ApplyResult(false, Seq.ofTransaction(new BinlogPosition(Batches.FILE, pos), 0), 1, 1, List.of(),
                List.of(), heartbeat, true);
    }
}
