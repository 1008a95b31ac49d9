package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatTimeTest {
    private static RowChange beat(Value ts) {
        return RowChange.insert("duplex", "heartbeat", List.of("task", "node", "ts"), List.of("task", "node"),
                List.of(new Value.Text("t"), new Value.Text("a"), ts));
    }

    @Test
    void shouldReadTheSourceUtcTimeWithMicroseconds() {
        long micros = HeartbeatTime.micros(beat(new Value.DateTime("2030-01-01 00:00:01.000250"))).orElseThrow();
        assertEquals(HeartbeatTime.epochMicros(Instant.parse("2030-01-01T00:00:01.000250Z")), micros);
    }

    @Test
    void shouldIgnoreZeroOrMissingTimes() {
        assertTrue(HeartbeatTime.micros(beat(new Value.DateTime("0000-00-00 00:00:00"))).isEmpty());
        assertTrue(HeartbeatTime.micros(beat(Value.Null.INSTANCE)).isEmpty());
    }

    @Test
    void shouldGrowRetryBackoffByTheMultiplier() {
        RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(100), 4);
        assertEquals(Duration.ofMillis(100), p.backoffAfter(1));
        assertEquals(Duration.ofMillis(1600), p.backoffAfter(3));
    }
}
