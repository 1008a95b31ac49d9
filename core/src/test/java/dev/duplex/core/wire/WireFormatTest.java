package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the exact text of format v1: other builds (older apply functions still draining a queue)
 * read these bytes, so any change here is a format change and needs a new version.
 */
class WireFormatTest {

    private static final BatchCodec CODEC = new BatchCodec();

    static Stream<Arguments> wireForms() {
        return Stream.of(
                arguments(Value.Null.INSTANCE, "null"),
                arguments(new Value.Int(Long.MIN_VALUE), "-9223372036854775808"),
                arguments(new Value.Text("a\"b\\c"), "\"a\\\"b\\\\c\""),
                arguments(new Value.Text("\u0000\t"), "\"\\u0000\\t\""),
                arguments(new Value.Text("\uD83D\uDE00é"), "\"\uD83D\uDE00é\""),
                arguments(new Value.Text("\uFFFF\uFFFE"), "\"\\uFFFF\\uFFFE\""),
                arguments(new Value.UInt(-1L), "{\"u\":\"18446744073709551615\"}"),
                arguments(new Value.Decimal(new BigDecimal("-12345678901234567890.123456789000")),
                        "{\"dec\":\"-12345678901234567890.123456789000\"}"),
                arguments(new Value.Decimal(new BigDecimal("1.50")), "{\"dec\":\"1.50\"}"),
                arguments(new Value.Float32(1.5f), "{\"f\":1.5}"),
                arguments(new Value.Float32(-0f), "{\"f\":-0.0}"),
                arguments(new Value.Float32(Float.MIN_VALUE), "{\"f\":1.4E-45}"),
                arguments(new Value.Float64(1.5), "{\"d\":1.5}"),
                arguments(new Value.Float64(Double.MAX_VALUE), "{\"d\":1.7976931348623157E308}"),
                arguments(new Value.Bit(5, 4), "{\"bit\":\"0101\"}"),
                arguments(new Value.Bytes(new byte[]{0, 1, 2, (byte) 0xFF}), "{\"b\":\"AAEC/w==\"}"),
                arguments(new Value.Geometry(new byte[]{0, 0, 0, 0, 1}), "{\"geo\":\"AAAAAAE=\"}"),
                arguments(new Value.Date("0000-00-00"), "{\"date\":\"0000-00-00\"}"),
                arguments(new Value.Time("-838:59:59.000000"), "{\"time\":\"-838:59:59.000000\"}"),
                arguments(new Value.DateTime("2024-02-29 23:59:59.999999"), "{\"dt\":\"2024-02-29 23:59:59.999999\"}"),
                arguments(new Value.Timestamp("1970-01-01 00:00:01"), "{\"ts\":\"1970-01-01 00:00:01\"}"),
                arguments(new Value.Year(2155), "{\"year\":2155}"),
                arguments(new Value.Enum("label"), "{\"enum\":\"label\"}"),
                arguments(new Value.Set("a,b"), "{\"set\":\"a,b\"}"),
                arguments(new Value.Json("{\"k\":[1,2]}"), "{\"json\":\"{\\\"k\\\":[1,2]}\"}"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("wireForms")
    void shouldWriteValueInItsPinnedForm(Value value, String expectedJson) {
        assertEquals(expectedJson, WireSamples.wireFormOf(value));
    }

    @ParameterizedTest(name = "{1} -> {0}")
    @MethodSource("wireForms")
    void shouldReadValueFromItsPinnedForm(Value expected, String json) {
        String body = WireSamples.SAMPLE_JSON.replace("\"after\":[1,{\"dec\":\"10.00\"}]", "\"after\":[1," + json + "]");
        var row = (RowChange) CODEC.decode(body).transactions().getFirst().changes().getFirst();
        assertEquals(expected, row.after().get(1));
    }

    @Test
    void shouldWriteTheDocumentedSampleExactly() {
        assertEquals(WireSamples.SAMPLE_JSON, CODEC.encodeToString(WireSamples.SAMPLE));
        assertEquals(WireSamples.SAMPLE_JSON, new String(CODEC.encode(WireSamples.SAMPLE), StandardCharsets.UTF_8));
    }

    @Test
    void shouldWriteFormatVersionFirst() {
        assertTrue(CODEC.encodeToString(WireSamples.SAMPLE).startsWith("{\"v\":1,"));
    }

    @Test
    void shouldWriteTextAsRawUtf8() {
        byte[] body = CODEC.encode(WireSamples.insertOf(new Value.Text("\uD83D\uDE00")));
        String expected = "\"after\":[\"\uD83D\uDE00\"]";
        assertTrue(new String(body, StandardCharsets.UTF_8).contains(expected));
    }

    @Test
    void shouldReadFieldsInAnyOrderAfterTheVersion() {
        String reordered = WireSamples.SAMPLE_JSON
                .replace("\"task\":\"shop\",\"dir\":\"a2b\",", "\"dir\":\"a2b\",")
                .replace("\"catchUp\":false,", "\"catchUp\":false,\"task\":\"shop\",")
                .replace("{\"i\":0,\"last\":true}", "{\"last\":true,\"i\":0}")
                .replace("{\"ddl\":\"ALTER TABLE t ADD c INT\",\"db\":\"shop\"}",
                        "{\"db\":\"shop\",\"ddl\":\"ALTER TABLE t ADD c INT\"}");
        assertEquals(WireSamples.SAMPLE, CODEC.decode(reordered));
    }

    @Test
    void shouldAcceptWhitespaceBetweenTokens() {
        String spaced = WireSamples.SAMPLE_JSON.replace(",\"", ",\n  \"").replace(":", " : ");
        assertEquals(WireSamples.SAMPLE, CODEC.decode(spaced));
    }

    @Test
    void shouldRefuseToEncodeNonFiniteFloats() {
        Batch nan = WireSamples.insertOf(new Value.Float64(Double.NaN));
        Batch inf = WireSamples.insertOf(new Value.Float32(Float.NEGATIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encode(nan));
        assertThrows(IllegalArgumentException.class, () -> CODEC.encodeToString(inf));
    }
}
