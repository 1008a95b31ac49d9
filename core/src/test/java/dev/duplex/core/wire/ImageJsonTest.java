package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageJsonTest {
    @Test
    void shouldWriteColumnsWithTheWireValueEncoding() {
        assertEquals("{\"id\":1,\"total\":{\"dec\":\"9.50\"},\"n\":null,\"u\":{\"u\":\"18446744073709551615\"}}",
                ImageJson.encode(List.of("id", "total", "n", "u"), List.of(new Value.Int(1),
                        new Value.Decimal(new BigDecimal("9.50")), Value.Null.INSTANCE, new Value.UInt(-1))));
    }

    @Test
    void shouldWriteNothingForAnAbsentImage() {
        assertEquals("", ImageJson.encode(List.of("id"), null));
    }
}
