package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a message group counts as overdue, and how often the status is read to tell. */
class OverdueGroupsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T05:00:00Z");

    private final RecordingStatusStore store = new RecordingStatusStore();
    private final OverdueGroups overdue = new OverdueGroups(store, "shop", Direction.A2B, () -> 2);

    @Test
    void shouldAddOnlyWhatIsPastTheHeartbeatTurnAndTheSlack() {
        // two groups, a heartbeat every 2 s: allowed 2 + 10 s
        assertEquals(500, OverdueGroups.counting(status(500, 2, NOW.minusSeconds(12)), NOW, 2));
        assertEquals(500 + 1_000, OverdueGroups.counting(status(500, 2, NOW.minusSeconds(13)), NOW, 2));
        // 120 groups in turns of fifty: each group's heartbeat every 3 × 2 s
        assertEquals(500, OverdueGroups.counting(status(500, 120, NOW.minusSeconds(16)), NOW, 2));
        assertEquals(500 + 4_000, OverdueGroups.counting(status(500, 120, NOW.minusSeconds(20)), NOW, 2));
        assertEquals(-1, OverdueGroups.counting(status(-1, 2, NOW.minusSeconds(600)), NOW, 2), "nothing measured");
    }

    @Test
    void shouldReadTheStatusEveryTenSecondsAtTheMost() {
        store.status = () -> Optional.of(status(500, 2, NOW.minusSeconds(60)));

        assertEquals(500 + 48_000, overdue.latency(20, NOW));
        assertEquals(20, overdue.latency(20, NOW.plusSeconds(9)), "not read again within ten seconds");
        assertEquals(500 + 58_000, overdue.latency(20, NOW.plusSeconds(10)));
        assertEquals(List.of("status read", "status read"), store.events);
    }

    @Test
    void shouldEmitWhatWasMeasuredWhenTheStatusCannotBeRead() {
        store.status = () -> {
            throw new IllegalStateException("throttled");
        };
        assertEquals(20, overdue.latency(20, NOW));
        assertEquals(-1, overdue.latency(-1, NOW.plusSeconds(10)));
    }

    private static DirectionStatus status(long latency, int groups, Instant measuredAt) {
        return new DirectionStatus("shop", Direction.A2B, latency, "seq", "mysql-bin.000001:400", 1, 1, 0, "", NOW,
                Instant.EPOCH, NOW, Instant.EPOCH, 0, Optional.empty(), 0, groups, "a2b.shop.t1", measuredAt);
    }
}
