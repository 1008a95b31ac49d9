package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.snapshot.AppliedSnapshot;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import org.junit.jupiter.api.Test;

class AppliedSnapshotOnBTest {
    private static final BinlogPosition START = new BinlogPosition("mysql-bin.000003", 5000);

    @Test
    void shouldReadTheChunkIndexOfThisSnapshotsSeq() {
        assertEquals(41, AppliedSnapshotOnB.chunkOf(Seq.ofSnapshotChunk(START, 41), START));
    }

    @Test
    void shouldCountNothingBeforeTheSnapshotAndEverythingOnceATransactionAfterItIsApplied() {
        assertEquals(AppliedSnapshot.NONE, AppliedSnapshotOnB.chunkOf(Seq.ZERO, START));
        assertEquals(AppliedSnapshot.NONE, AppliedSnapshotOnB.chunkOf(Seq.ofTransaction(START.withPos(4000), 0), START));
        assertEquals(AppliedSnapshot.ALL, AppliedSnapshotOnB.chunkOf(Seq.ofTransaction(START, 0), START));
        assertEquals(AppliedSnapshot.ALL, AppliedSnapshotOnB.chunkOf(
                Seq.ofTransaction(new BinlogPosition("mysql-bin.000004", 4), 0), START));
    }
}
