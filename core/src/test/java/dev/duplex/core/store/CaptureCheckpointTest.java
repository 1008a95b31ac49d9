package dev.duplex.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A checkpoint keeps the last accepted seq of every message group: the default one's as lastSeq. */
class CaptureCheckpointTest {
    private static final BinlogPosition AT = new BinlogPosition("mysql-bin.000001", 400);
    private static final Seq S100 = Seq.ofTransaction(new BinlogPosition("mysql-bin.000001", 100), 0);
    private static final Seq S300 = Seq.ofTransaction(new BinlogPosition("mysql-bin.000001", 300), 0);

    @Test
    void shouldKeepTheDefaultGroupsSeqAsLastSeqAndTheOthersBesideIt() {
        CaptureCheckpoint cp = CaptureCheckpoint.ofGroups("t", Direction.A2B, AT, "a2b", Seq.ZERO,
                Map.of("a2b", S300, "a2b.t2", S100), Map.of("a2b", AT, "a2b.t2", AT), "src", Instant.EPOCH, "c1");
        assertEquals(S300, cp.lastSeq());
        assertEquals(Map.of("a2b.t2", S100), cp.groupSeqs());
        assertEquals(Map.of("a2b", S300, "a2b.t2", S100), cp.seqsByGroup("a2b"));
        assertEquals(Map.of("a2b", AT, "a2b.t2", AT), cp.groupStarts(), "the default group's start kept too");
    }

    @Test
    void shouldKeepTheEarlierSeqOfADefaultGroupThatSentNothing() {
        CaptureCheckpoint cp = CaptureCheckpoint.ofGroups("t", Direction.A2B, AT, "a2b", S100,
                Map.of("a2b.t2", S300), Map.of(), "src", Instant.EPOCH, "c1");
        assertEquals(S100, cp.lastSeq());
        assertEquals(Map.of("a2b.t2", S300), cp.groupSeqs());
    }

    @Test
    void shouldKeepTheGroupsItKnowsAtZeroForARewoundCapture() {
        CaptureCheckpoint cp = CaptureCheckpoint.ofGroups("t", Direction.A2B, AT, "a2b", Seq.ZERO,
                Map.of("a2b", S300, "a2b.t2", S100, "a2b.t3", S300), Map.of(), "src", Instant.EPOCH,
                "c1");
        assertEquals(Map.of("a2b.t2", Seq.ZERO, "a2b.t3", Seq.ZERO), cp.keepingGroups(Map.of()));
        assertEquals(Map.of("a2b.t2", S300, "a2b.t3", Seq.ZERO), cp.keepingGroups(Map.of("a2b.t2", S300)));
    }

    @Test
    void shouldHaveNoOtherGroupsWithOneGroupPerDirection() {
        CaptureCheckpoint cp = CaptureCheckpoint.ofGroups("t", Direction.A2B, AT, "a2b", Seq.ZERO,
                Map.of("a2b", S300), Map.of(), "src", Instant.EPOCH, "c1");
        assertEquals(new CaptureCheckpoint("t", Direction.A2B, AT, S300, "src", Instant.EPOCH, "c1"), cp);
    }
}
