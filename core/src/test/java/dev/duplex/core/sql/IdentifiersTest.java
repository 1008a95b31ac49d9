package dev.duplex.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void shouldDoubleBackticksSoNamesCannotBreakOut() {
        assertEquals("`a``b`", Identifiers.quote("a`b"));
        assertEquals("`x`; DROP TABLE t; --`", Identifiers.quote("x`; DROP TABLE t; --").replace("``", "`"));
        assertEquals("`shop`.`order items`", Identifiers.qualified("shop", "order items"));
    }

    @Test
    void shouldRejectEmptyName() {
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote(""));
    }

    @Test
    void shouldRecognizeDuplexTablesCaseInsensitively() {
        assertEquals(true, DuplexSchema.isApplyMarker("DUPLEX", "Apply_Checkpoint"));
        assertEquals(false, DuplexSchema.isApplyMarker("shop", "apply_checkpoint"));
        assertEquals(true, DuplexSchema.isApplyMarker("duplex", "APPLY_LANE"));
        assertEquals(false, DuplexSchema.isApplyMarker("shop", "apply_lane"));
    }

    @Test
    void shouldTreatADirectFullSyncChunkAsAppliedByDuplex() {
        assertEquals(true, DuplexSchema.isApplyMarker("duplex", "Snapshot_Progress"));
        assertEquals(false, DuplexSchema.isApplyMarker("shop", "snapshot_progress"));
        assertEquals(true, DuplexSchema.isApplyMarker("duplex", "snapshot_writer"));
        assertEquals(false, DuplexSchema.isApplyMarker("shop", "snapshot_writer"));
    }
}
