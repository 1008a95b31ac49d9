package dev.duplex.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Seq;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyLanesTest {
    @Test
    void shouldReadBackEverySeqItWroteAcrossFilesPhasesAndFragments() {
        List<Seq> seqs = List.of(new Seq(1, 4, Seq.SNAPSHOT, 7), new Seq(1, 4, Seq.CHANGE, 0), new Seq(1, 900, Seq.CHANGE, 0),
                new Seq(1, 900, Seq.CHANGE, 3), new Seq(1, 1_234_567_890_123L, Seq.CHANGE, 0), new Seq(2, 4, Seq.CHANGE, 0),
                new Seq(9_999_999_999L, 9_999_999_999_999L, Seq.CHANGE, 9_999_999_999L));
        assertEquals(seqs, ApplyLanes.decode(ApplyLanes.encode(seqs)));
        assertEquals(List.of(), ApplyLanes.decode(ApplyLanes.encode(List.of())));
    }

    @Test
    void shouldKeepTheRecordSmallForTransactionsCloseTogether() {
        List<Seq> seqs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            seqs.add(new Seq(12, 1_000_000 + i * 700L, Seq.CHANGE, 0));
        }
        String text = ApplyLanes.encode(seqs);
        assertTrue(text.length() < 400 * 5, "encoded " + text.length() + " characters");
        assertEquals(seqs, ApplyLanes.decode(text));
    }

    @Test
    void shouldRefuseSeqsOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> ApplyLanes.encode(
                List.of(new Seq(1, 900, Seq.CHANGE, 0), new Seq(1, 4, Seq.CHANGE, 0))));
    }
}
