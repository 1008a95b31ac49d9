package dev.duplex.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Seq;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which group a barrier still waits for, by node b's applied seqs. */
class ApplyBarrierTest {
    private static Seq seq(long pos) {
        return Seq.ofTransaction(new BinlogPosition("mysql-bin.000001", pos), 0);
    }

    @Test
    void shouldWaitForAGroupBehindItsTargetOrNotAppliedAtAll() {
        Map<String, Seq> targets = new LinkedHashMap<>();
        targets.put("a2b.shop.idle", Seq.ZERO); // nothing sent in it: nothing to wait for
        targets.put("a2b.shop.t1", seq(500));
        targets.put("a2b.shop.t2", seq(700));

        assertEquals("a2b.shop.t2", ApplyBarrier.firstBehind(Map.of("a2b.shop.t1", seq(500)), targets)
                .orElseThrow().getKey(), "t2 applied nothing yet");
        assertEquals("a2b.shop.t1", ApplyBarrier.firstBehind(Map.of("a2b.shop.t1", seq(400), "a2b.shop.t2",
                seq(900)), targets).orElseThrow().getKey());
        assertEquals(Optional.empty(), ApplyBarrier.firstBehind(Map.of("a2b.shop.t1", seq(500), "a2b.shop.t2",
                seq(900)), targets));
    }
}
