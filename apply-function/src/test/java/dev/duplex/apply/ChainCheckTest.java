package dev.duplex.apply;

import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.sql.ApplyCheckpoints.Applied;
import dev.duplex.core.sql.ApplyCheckpoints.Retired;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainCheckTest {
    private static final Seq S100 = seq(100);
    private static final Seq S200 = seq(200);
    private static final Applied AT_200 = new Applied(S200, "run-1", "src-a", new BinlogPosition(Batches.FILE, 250));

    private static Seq seq(long pos) {
        return Seq.ofTransaction(new BinlogPosition(Batches.FILE, pos), 0);
    }

    private static Batch message(String chain, String source, Seq prev, long... positions) {
        var txs = new Transaction[positions.length];
        for (int i = 0; i < positions.length; i++) {
            txs[i] = tx(positions[i]);
        }
        return Batches.chained("t", BatchKind.DML, false, chain == null ? null : new Batch.Chain(chain, source, prev),
                txs);
    }

    @Test
    void shouldAcceptTheNextMessageAndOneThatOverlapsWhatWasApplied() {
        assertDoesNotThrow(() -> ChainCheck.requireContinues(AT_200, message("run-1", "src-a", S200, 300)));
        assertDoesNotThrow(() -> ChainCheck.requireContinues(AT_200, message("run-1", "src-a", S100, 200, 300)));
        assertDoesNotThrow(() -> ChainCheck.requireContinues(AT_200, message("run-1", "src-a", S100, 200)),
                "a redelivery of what was applied");
    }

    @Test
    void shouldRefuseAMessageWhosePredecessorWasNeverApplied() {
        var e = assertThrows(ChainBroken.class,
                () -> ChainCheck.requireContinues(AT_200, message("run-1", "src-a", seq(300), 400)));
        assertTrue(e.getMessage().contains("messages after seq " + S200 + " are missing"), e.getMessage());
        assertThrows(ChainBroken.class, () -> ChainCheck.requireContinues(Applied.NOTHING,
                message("run-1", "src-a", S100, 200)), "nothing applied, and the chain does not start here");
    }

    @Test
    void shouldRefuseAnotherRunOrAnotherSourceEvenForLowerSeqs() {
        assertThrows(ChainBroken.class, () -> ChainCheck.requireContinues(AT_200,
                message("run-2", "src-a", Seq.ZERO, 50)), "a lower seq of another run is not 'already applied'");
        assertThrows(ChainBroken.class, () -> ChainCheck.requireContinues(AT_200,
                message("run-1", "src-b", S200, 300)));
    }

    @Test
    void shouldStartAChainWhereNothingWasAppliedAndApplyFormatOneBySeqAlone() {
        assertDoesNotThrow(() -> ChainCheck.requireContinues(Applied.NOTHING, message("run-9", "src-a", Seq.ZERO, 10)));
        assertDoesNotThrow(() -> ChainCheck.requireContinues(AT_200, message(null, null, null, 400)));
        var legacy = new Applied(S200, "", "", new BinlogPosition(Batches.FILE, 250));
        assertDoesNotThrow(() -> ChainCheck.requireContinues(legacy, message("run-3", "src-a", S200, 300)),
                "a checkpoint a format 1 build wrote takes the chain that continues it");
    }

    @Test
    void shouldDropMessagesOfAChainThatRecoverEndedAndContinueUnderTheNewOne() {
        var recovered = new Applied(S200, "run-2", "src-a", new BinlogPosition(Batches.FILE, 250),
                List.of(new Retired("run-1", seq(250))));
        assertEquals(Seq.ZERO, ChainCheck.requireContinues(recovered, message("run-1", "src-a", seq(300), 400)),
                "an old message queued behind the hole, sent again from 250 on, is stale, not a gap");
        assertEquals(ChainCheck.UNBOUNDED, ChainCheck.requireContinues(recovered, message("run-2", "src-a", S200, 300)));
        assertThrows(ChainBroken.class, () -> ChainCheck.requireContinues(recovered,
                message("run-3", "src-a", S200, 300)), "a chain neither current nor retired is still refused");
        var legacy = new Applied(S200, "run-2", "src-a", null, List.of(new Retired("run-0", Seq.ZERO)));
        assertEquals(Seq.ZERO, ChainCheck.requireContinues(legacy, message("run-0", "src-a", S200, 300)),
                "an entry of an older build: all of it is sent again");
    }

    /** What the rewound capture does not send again comes from the old chain's messages, over no hole. */
    @Test
    void shouldApplyWhatARetiredChainCarriesFromBeforeTheRewindPoint() {
        var nothingYet = new Applied(Seq.ZERO, "", "", null, List.of(new Retired("run-1", seq(300))));
        assertEquals(seq(300), ChainCheck.requireContinues(nothingYet, message("run-1", "src-a", Seq.ZERO, 200)),
                "row 200 is before the rewind point: applied from this message");
        assertEquals(Seq.ZERO, ChainCheck.requireContinues(nothingYet, message("run-1", "src-a", seq(200), 300)),
                "row 300 comes again under the new chain");
        assertThrows(ChainBroken.class, () -> ChainCheck.requireContinues(nothingYet,
                message("run-1", "src-a", seq(150), 200)), "a message before the rewind point over a hole");
    }
}
