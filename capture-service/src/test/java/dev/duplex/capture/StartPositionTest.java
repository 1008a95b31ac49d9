package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartPositionTest {
    private static final String ID = "mariadb:server_id=1,domain=1,host=h";
    private static final BinlogPosition CURRENT = new BinlogPosition("mysql-bin.000009", 500);
    private static final List<String> FILES = List.of("mysql-bin.000008", "mysql-bin.000009");

    private static Optional<CaptureCheckpoint> checkpoint(BinlogPosition p, String identity) {
        return Optional.of(new CaptureCheckpoint("t", Direction.A2B, p, Seq.ZERO, identity, Instant.EPOCH));
    }

    /** The source: FILES of 10,000 bytes each, CURRENT as its position, every GTID but "0-1-99" known. */
    private static final StartPosition.Source SOURCE = new StartPosition.Source() {
        public Map<String, Long> binaryLogs() {
            Map<String, Long> m = new LinkedHashMap<>();
            FILES.forEach(f -> m.put(f, 10_000L));
            return m;
        }

        public boolean hasGtids(String gtidSet) {
            return !gtidSet.contains("0-1-99");
        }

        public BinlogPosition current() {
            return CURRENT;
        }
    };

    private static StartPosition resolve(Optional<CaptureCheckpoint> cp, Optional<BinlogPosition> override) {
        return StartPosition.resolve("t", cp, override.map(ResumePoint::at), ID, SOURCE);
    }

    @Test
    void shouldStartANewTaskAtTheCurrentPositionAndStoreIt() {
        StartPosition s = resolve(Optional.empty(), Optional.empty());
        assertEquals(CURRENT, s.position());
        assertTrue(s.isNew());
    }

    @Test
    void shouldStartANewCaptureAtTheTasksPinnedStartNotAtTheCurrentPosition() {
        BinlogPosition pinned = new BinlogPosition("mysql-bin.000008", 700);
        StartPosition s = StartPosition.resolve("t", Optional.empty(), Optional.empty(), Optional.of(pinned), ID, SOURCE);
        assertEquals(pinned, s.position(), "what the node wrote between task start and this capture is read");
        assertTrue(s.isNew());
        BinlogPosition later = new BinlogPosition("mysql-bin.000009", 100);
        assertEquals(later, StartPosition.resolve("t", checkpoint(later, ID), Optional.empty(), Optional.of(pinned), ID,
                SOURCE).position(), "a capture with a checkpoint resumes there, never back at the pin");
        assertThrows(FatalException.class, () -> StartPosition.resolve("t", Optional.empty(), Optional.empty(),
                Optional.of(new BinlogPosition("mysql-bin.000001", 4)), ID, SOURCE), "a purged pin stops the task");
    }

    @Test
    void shouldResumeFromTheCheckpoint() {
        BinlogPosition p = new BinlogPosition("mysql-bin.000008", 1234);
        StartPosition s = resolve(checkpoint(p, ID), Optional.empty());
        assertEquals(p, s.position());
        assertFalse(s.isNew());
    }

    @Test
    void shouldRewindToAnEarlierOverrideButNeverSkipAhead() {
        BinlogPosition cp = new BinlogPosition("mysql-bin.000009", 300);
        BinlogPosition earlier = new BinlogPosition("mysql-bin.000008", 4);
        BinlogPosition later = new BinlogPosition("mysql-bin.000009", 400);
        assertEquals(earlier, resolve(checkpoint(cp, ID), Optional.of(earlier)).position());
        assertEquals(cp, resolve(checkpoint(cp, ID), Optional.of(later)).position());
        StartPosition fresh = resolve(Optional.empty(), Optional.of(later));
        assertEquals(later, fresh.position());
        assertTrue(fresh.isNew());
    }

    @Test
    void shouldStopWhenTheCheckpointComesFromAnotherServer() {
        var e = assertThrows(FatalException.class, () -> resolve(checkpoint(CURRENT, "mysql:other-uuid"), Optional.empty()));
        assertTrue(e.getMessage().contains("`duplex task reset t --yes`"), e.getMessage());
    }

    @Test
    void shouldStopWhenTheCheckpointsBinlogFileWasPurged() {
        var e = assertThrows(FatalException.class,
                () -> resolve(checkpoint(new BinlogPosition("mysql-bin.000002", 4), ID), Optional.empty()));
        assertTrue(e.getMessage().contains("`duplex task reset t --yes`"), e.getMessage());
        assertTrue(e.getMessage().contains("mysql-bin.000002"), e.getMessage());
    }

    @Test
    void shouldContinueTheTargetsChainWhenRewoundToWhatItApplied() {
        BinlogPosition applied = new BinlogPosition("mysql-bin.000008", 700);
        Seq appliedSeq = Seq.ofTransaction(new BinlogPosition("mysql-bin.000008", 600), 0);
        var cp = new CaptureCheckpoint("t", Direction.A2B, CURRENT, Seq.ofTransaction(CURRENT, 0), ID, Instant.EPOCH,
                "chain-of-capture");
        StartPosition s = StartPosition.resolve("t", Optional.of(cp),
                Optional.of(new ResumePoint(applied, appliedSeq, "chain-applied", ID)), ID, SOURCE);
        assertEquals(applied, s.position());
        assertEquals(appliedSeq, s.lastSeq(), "the first message re-sent names what the target applied as predecessor");
        assertEquals("chain-applied", s.chain());
    }

    @Test
    void shouldKeepEachGroupsSeqOnResumeButNotOnARewindToWhatTheTargetApplied() {
        Map<String, Seq> groups = Map.of("a2b.t2", Seq.ofTransaction(new BinlogPosition("mysql-bin.000009", 300), 0));
        var cp = new CaptureCheckpoint("t", Direction.A2B, CURRENT, Seq.ofTransaction(CURRENT, 0), ID, Instant.EPOCH,
                "kept", groups);
        assertEquals(groups, StartPosition.resolve("t", Optional.of(cp), Optional.empty(), ID, SOURCE).groupSeqs());
        BinlogPosition applied = new BinlogPosition("mysql-bin.000008", 700);
        StartPosition rewound = StartPosition.resolve("t", Optional.of(cp), Optional.of(new ResumePoint(applied,
                Seq.ofTransaction(new BinlogPosition("mysql-bin.000008", 600), 0), "kept", ID)), ID, SOURCE);
        assertEquals(Map.of(), rewound.groupSeqs(), "the target's applied seq is the default group's only");
    }

    @Test
    void shouldSkipNoGroupsSentMessagesWhenTheTargetAppliedPastTheCheckpointButTheQueueMayBeGone() {
        // duplex local restarted: the checkpoint says the t2 group had sent up to 900, the target applied less.
        Map<String, Seq> groups = Map.of("a2b.t2", Seq.ofTransaction(new BinlogPosition("mysql-bin.000009", 900), 0));
        BinlogPosition floor = new BinlogPosition("mysql-bin.000009", 100);
        Seq sent = Seq.ofTransaction(new BinlogPosition("mysql-bin.000009", 800), 0);
        var cp = new CaptureCheckpoint("t", Direction.A2B, floor, sent, ID, Instant.EPOCH, "kept", groups);
        Seq applied = Seq.ofTransaction(new BinlogPosition("mysql-bin.000009", 150), 0);
        StartPosition s = StartPosition.resolve("t", Optional.of(cp), Optional.of(new ResumePoint(
                new BinlogPosition("mysql-bin.000009", 200), applied, "kept", ID)), ID, SOURCE);
        assertEquals(floor, s.position(), "the earlier of the two");
        assertEquals(applied, s.lastSeq(), "no more than the target applied");
        assertEquals(Map.of(), s.groupSeqs(), "what the other groups had sent may be lost with the queue");
    }

    @Test
    void shouldStartANewChainForANewTaskAndKeepTheCheckpointsChainOnResume() {
        StartPosition fresh = resolve(Optional.empty(), Optional.empty());
        assertEquals(Seq.ZERO, fresh.lastSeq());
        assertFalse(fresh.chain().isEmpty());
        var cp = new CaptureCheckpoint("t", Direction.A2B, CURRENT, Seq.ofTransaction(CURRENT, 0), ID, Instant.EPOCH,
                "kept");
        StartPosition resumed = StartPosition.resolve("t", Optional.of(cp), Optional.empty(), ID, SOURCE);
        assertEquals("kept", resumed.chain());
        assertEquals(Seq.ofTransaction(CURRENT, 0), resumed.lastSeq());
    }

    @Test
    void shouldStopWhenTheTargetAppliedFromAnotherServer() {
        var e = assertThrows(FatalException.class, () -> StartPosition.resolve("t", Optional.empty(),
                Optional.of(new ResumePoint(CURRENT, Seq.ZERO, "c", "mysql:other-uuid")), ID, SOURCE));
        assertTrue(e.getMessage().contains("the target applied on server mysql:other-uuid"), e.getMessage());
        assertTrue(e.getMessage().contains("`duplex task reset t --yes`"), e.getMessage());
    }

    @Test
    void shouldStopWhenTheSourcesBinlogWasResetUnderTheSameFileNames() {
        var beyondEnd = assertThrows(FatalException.class,
                () -> resolve(checkpoint(new BinlogPosition("mysql-bin.000008", 20_000), ID), Optional.empty()));
        assertTrue(beyondEnd.getMessage().contains("RESET MASTER"), beyondEnd.getMessage());
        var lostGtids = assertThrows(FatalException.class, () -> resolve(checkpoint(
                new BinlogPosition("mysql-bin.000008", 500, "0-1-99"), ID), Optional.empty()));
        assertTrue(lostGtids.getMessage().contains("no longer holds the GTIDs 0-1-99"), lostGtids.getMessage());
        assertTrue(lostGtids.getMessage().contains("`duplex task reset t --yes`"), lostGtids.getMessage());
    }
}
