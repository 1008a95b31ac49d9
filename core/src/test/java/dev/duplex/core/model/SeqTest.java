package dev.duplex.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeqTest {

    @Test
    void shouldOrderTextLikeTuples() {
        Random rnd = new Random(42);
        List<Seq> seqs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            seqs.add(new Seq(rnd.nextInt(3), rnd.nextInt(5000), rnd.nextInt(2), rnd.nextInt(4)));
        }
        for (Seq x : seqs.subList(0, 200)) {
            for (Seq y : seqs) {
                assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(x.text().compareTo(y.text())),
                        x + " vs " + y);
            }
        }
    }

    @Test
    void shouldWriteFixedWidthText() {
        assertEquals("0000000003.0000000004200.1.0000000007", new Seq(3, 4200, Seq.CHANGE, 7).text());
        assertEquals("0000000000.0000000000000.0.0000000000", Seq.ZERO.text());
        assertEquals("9999999999.9999999999999.1.9999999999",
                new Seq(9_999_999_999L, 9_999_999_999_999L, Seq.CHANGE, 9_999_999_999L).text());
    }

    @Test
    void shouldRoundTripText() {
        Seq s = new Seq(9_999_999_999L, 9_999_999_999_999L, Seq.CHANGE, 9_999_999_999L);
        assertEquals(s, Seq.parse(s.text()));
        assertEquals(Seq.ZERO, Seq.parse(Seq.ZERO.text()));
    }

    @Test
    void shouldPlaceSnapshotChunksBetweenTransactionsBeforeAndAfterSnapshotStart() {
        BinlogPosition start = new BinlogPosition("mysql-bin.000003", 5000);
        Seq before = Seq.ofTransaction(new BinlogPosition("mysql-bin.000003", 4200), 7);
        Seq chunk0 = Seq.ofSnapshotChunk(start, 0);
        Seq chunkN = Seq.ofSnapshotChunk(start, 123_456);
        Seq firstAfter = Seq.ofTransaction(start, 0);
        assertTrue(before.compareTo(chunk0) < 0);
        assertTrue(chunk0.compareTo(chunkN) < 0);
        assertTrue(chunkN.compareTo(firstAfter) < 0);
    }

    @Test
    void shouldOrderFragmentsOfOneTransactionAndFollowingFileRotation() {
        BinlogPosition p = new BinlogPosition("mysql-bin.000009", 999_999);
        assertTrue(Seq.ofTransaction(p, 0).compareTo(Seq.ofTransaction(p, 1)) < 0);
        assertTrue(Seq.ofTransaction(p, 99).compareTo(Seq.ofTransaction(new BinlogPosition("mysql-bin.000010", 4), 0)) < 0);
    }

    @Test
    void shouldRejectMalformedText() {
        var e = assertThrows(IllegalArgumentException.class, () -> Seq.parse("12.3"));
        assertTrue(e.getMessage().contains("seq must look like"));
    }

    @Test
    void shouldKeepDedupIdWithinSqsLimit() {
        String id = Batch.dedupId("t".repeat(40), Direction.A2B, "g".repeat(40), Seq.ZERO);
        assertTrue(id.length() <= 128, id.length() + " chars");
        assertThrows(IllegalArgumentException.class,
                () -> Batch.dedupId("t".repeat(80), Direction.A2B, "g".repeat(40), Seq.ZERO));
    }
}
