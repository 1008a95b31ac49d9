package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageJsonDecodeTest {
    @Test
    void shouldReadBackWhatItWroteInColumnOrder() {
        List<String> cols = List.of("k", "d", "u", "t", "b", "dt");
        List<Value> values = List.of(new Value.Int(-5), new Value.Decimal(new BigDecimal("1.50")), new Value.UInt(-1),
                new Value.Text("é"), new Value.Bytes(new byte[] {0, 1}), new Value.DateTime("0000-00-00 00:00:00"));
        Map<String, Value> back = ImageJson.decode(ImageJson.encode(cols, values));
        assertEquals(cols, List.copyOf(back.keySet()));
        assertEquals(values, List.copyOf(back.values()));
    }

    @Test
    void shouldReadNothingFromAnEmptyImage() {
        assertEquals(Map.of(), ImageJson.decode(""));
    }

    @Test
    void shouldRejectTrailingContent() {
        assertThrows(DecodeException.class, () -> ImageJson.decode("{\"k\":1}{"));
    }
}
