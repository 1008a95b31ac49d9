package dev.duplex.cli.conflicts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueOrderTest {

    @Test
    void shouldCompareNumbersOfAnyKindNumerically() {
        assertEquals(Optional.of(1), ValueOrder.compare(new Value.Int(10), new Value.Int(9)));
        assertEquals(Optional.of(1), ValueOrder.compare(Value.UInt.parse("18446744073709551615"), new Value.Int(-1)));
        assertEquals(Optional.of(0), ValueOrder.compare(new Value.Decimal(new BigDecimal("1.50")), new Value.Float64(1.5)));
        assertEquals(Optional.of(-1), ValueOrder.compare(new Value.Year(1999), new Value.Int(2000)));
    }

    @Test
    void shouldCompareTemporalValuesInTimeOrder() {
        assertEquals(Optional.of(-1), ValueOrder.compare(new Value.Timestamp("2026-01-01 00:00:00.000009"),
                new Value.Timestamp("2026-01-01 00:00:00.000010")));
        assertEquals(Optional.of(1), ValueOrder.compare(new Value.DateTime("2026-01-02 00:00:00"),
                new Value.DateTime("2026-01-01 23:59:59")));
        // As text "-01:00:00" > "-10:00:00" and "100:00:00" < "99:00:00": TIME compares by length.
        assertEquals(Optional.of(1), ValueOrder.compare(new Value.Time("-01:00:00"), new Value.Time("-10:00:00")));
        assertEquals(Optional.of(1), ValueOrder.compare(new Value.Time("100:00:00"), new Value.Time("99:00:00.5")));
    }

    @Test
    void shouldCompareStringsByTextAndBytesUnsigned() {
        assertEquals(Optional.of(-1), ValueOrder.compare(new Value.Text("apple"), new Value.Text("banana")));
        assertEquals(Optional.of(1), ValueOrder.compare(new Value.Bytes(new byte[] {(byte) 0xff}),
                new Value.Bytes(new byte[] {0x01})));
    }

    @Test
    void shouldNotCompareNullsOrValuesOfDifferentKinds() {
        assertEquals(Optional.empty(), ValueOrder.compare(Value.Null.INSTANCE, new Value.Int(1)));
        assertEquals(Optional.empty(), ValueOrder.compare(new Value.Text("1"), new Value.Int(1)));
        assertEquals(Optional.empty(), ValueOrder.compare(new Value.Date("2026-01-01"), new Value.Text("2026-01-01")));
    }
}
