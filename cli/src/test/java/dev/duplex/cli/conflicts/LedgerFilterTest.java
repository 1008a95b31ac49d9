package dev.duplex.cli.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictQuery;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerFilterTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void shouldReadSinceAsADurationBackFromNowOrAnInstant() {
        assertEquals(Instant.parse("2026-12-05T09:30:00Z"), LedgerFilter.since("30m", NOW));
        assertEquals(Instant.parse("2026-11-28T10:00:00Z"), LedgerFilter.since("7d", NOW));
        assertEquals(Instant.parse("2026-12-05T08:30:00Z"), LedgerFilter.since("PT1H30M", NOW));
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), LedgerFilter.since("2026-12-01T00:00:00Z", NOW));
        var e = assertThrows(IllegalArgumentException.class, () -> LedgerFilter.since("yesterday", NOW));
        assertTrue(e.getMessage().contains("30m, 2h, 7d"), e.getMessage());
    }

    @Test
    void shouldReadTableWithOrWithoutItsDatabaseAndTheDirection() {
        ConflictQuery q = LedgerFilter.query(null, "shop.items", "b2a", 5, NOW);
        assertEquals(Optional.of("shop"), q.database());
        assertEquals(Optional.of("items"), q.table());
        assertEquals(Optional.of(Direction.B2A), q.direction());
        assertEquals(Instant.EPOCH, q.since());
        ConflictQuery any = LedgerFilter.query(null, "items", null, 5, NOW);
        assertEquals(Optional.empty(), any.database());
        assertThrows(IllegalArgumentException.class, () -> LedgerFilter.query(null, "shop.", null, 5, NOW));
        assertThrows(IllegalArgumentException.class, () -> LedgerFilter.query(null, null, "a2c", 5, NOW));
        assertThrows(IllegalArgumentException.class, () -> LedgerFilter.query(null, null, null, 0, NOW));
    }
}
