package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every MySQL value family, at its edges, comes back equal (record equality is bit-exact for floats). */
class ValueRoundTripTest {

    private static final BatchCodec CODEC = new BatchCodec();
    private static final String DIGITS_65 = "12345678901234567890123456789012345678901234567890123456789012345";

    static Stream<Arguments> integers() {
        return Stream.of(
                arguments("zero", new Value.Int(0)),
                arguments("TINYINT min", new Value.Int(Byte.MIN_VALUE)),
                arguments("TINYINT max", new Value.Int(Byte.MAX_VALUE)),
                arguments("SMALLINT min", new Value.Int(Short.MIN_VALUE)),
                arguments("SMALLINT max", new Value.Int(Short.MAX_VALUE)),
                arguments("MEDIUMINT min", new Value.Int(-8_388_608)),
                arguments("MEDIUMINT max", new Value.Int(8_388_607)),
                arguments("INT min", new Value.Int(Integer.MIN_VALUE)),
                arguments("INT max", new Value.Int(Integer.MAX_VALUE)),
                arguments("BIGINT min", new Value.Int(Long.MIN_VALUE)),
                arguments("BIGINT max", new Value.Int(Long.MAX_VALUE)),
                arguments("unsigned zero", new Value.UInt(0)),
                arguments("TINYINT UNSIGNED max", new Value.UInt(255)),
                arguments("SMALLINT UNSIGNED max", new Value.UInt(65_535)),
                arguments("MEDIUMINT UNSIGNED max", new Value.UInt(16_777_215)),
                arguments("INT UNSIGNED max", new Value.UInt(4_294_967_295L)),
                arguments("BIGINT UNSIGNED 2^63", Value.UInt.parse("9223372036854775808")),
                arguments("BIGINT UNSIGNED max", Value.UInt.parse("18446744073709551615")));
    }

    static Stream<Arguments> decimals() {
        return Stream.of(
                arguments("zero", dec("0")),
                arguments("zero with scale", dec("0.000")),
                arguments("scale kept", dec("1.50")),
                arguments("negative", dec("-0.5")),
                arguments("negative with trailing zeros", dec("-12345678901234567890.123456789000")),
                arguments("65 integer digits", dec(DIGITS_65)),
                arguments("65 digits, negative", dec("-" + DIGITS_65)),
                arguments("65 digits, scale 30", dec(DIGITS_65.substring(0, 35) + "." + DIGITS_65.substring(35))),
                arguments("only fraction, scale 30", dec("0.000000000000000000000000000001")));
    }

    static Stream<Arguments> floats() {
        return Stream.of(
                arguments("FLOAT 0", new Value.Float32(0f)),
                arguments("FLOAT -0", new Value.Float32(-0f)),
                arguments("FLOAT 1.5", new Value.Float32(1.5f)),
                arguments("FLOAT 0.1", new Value.Float32(0.1f)),
                arguments("FLOAT min subnormal", new Value.Float32(Float.MIN_VALUE)),
                arguments("FLOAT largest subnormal", new Value.Float32(Float.intBitsToFloat(0x007FFFFF))),
                arguments("FLOAT min normal", new Value.Float32(Float.MIN_NORMAL)),
                arguments("FLOAT max", new Value.Float32(Float.MAX_VALUE)),
                arguments("FLOAT -max", new Value.Float32(-Float.MAX_VALUE)),
                arguments("FLOAT 16777217 rounded", new Value.Float32(16_777_217f)),
                arguments("DOUBLE 0", new Value.Float64(0d)),
                arguments("DOUBLE -0", new Value.Float64(-0d)),
                arguments("DOUBLE 1.5", new Value.Float64(1.5)),
                arguments("DOUBLE 0.1", new Value.Float64(0.1)),
                arguments("DOUBLE 1e23", new Value.Float64(1e23)),
                arguments("DOUBLE pi", new Value.Float64(Math.PI)),
                arguments("DOUBLE min subnormal", new Value.Float64(Double.MIN_VALUE)),
                arguments("DOUBLE largest subnormal", new Value.Float64(Double.longBitsToDouble(0x000FFFFFFFFFFFFFL))),
                arguments("DOUBLE min normal", new Value.Float64(Double.MIN_NORMAL)),
                arguments("DOUBLE max", new Value.Float64(Double.MAX_VALUE)),
                arguments("DOUBLE -max", new Value.Float64(-Double.MAX_VALUE)));
    }

    static Stream<Arguments> textAndBytes() {
        return Stream.of(
                arguments("empty text", new Value.Text("")),
                arguments("text that reads like null", new Value.Text("null")),
                arguments("text that reads like a number", new Value.Text("42")),
                arguments("4-byte UTF-8", new Value.Text("\uD83D\uDE00 emoji \uD834\uDD1E clef")),
                arguments("many scripts", new Value.Text("中文 русский العربية ελληνικά हिन्दी")),
                arguments("NUL and controls", new Value.Text("a\u0000b\t\n\r\u0001\u001F\u007F")),
                arguments("quotes and backslashes", new Value.Text("\"'\\ \\\" \\u0041")),
                arguments("noncharacters SQS refuses raw", new Value.Text("\uFFFE\uFFFF\uFFFD")),
                arguments("line separators", new Value.Text("\u2028\u2029")),
                arguments("empty bytes", new Value.Bytes(new byte[0])),
                arguments("all 256 byte values", new Value.Bytes(allBytes())),
                arguments("one byte (base64 padding)", new Value.Bytes(new byte[]{(byte) 0xFF})),
                arguments("geometry POINT(1 2)", new Value.Geometry(point())),
                arguments("empty geometry", new Value.Geometry(new byte[0])));
    }

    static Stream<Arguments> temporalsAndOthers() {
        return Stream.of(
                arguments("zero date", new Value.Date("0000-00-00")),
                arguments("zero month and day", new Value.Date("2024-00-00")),
                arguments("max date", new Value.Date("9999-12-31")),
                arguments("TIME min", new Value.Time("-838:59:59")),
                arguments("TIME max with fraction", new Value.Time("838:59:59.000000")),
                arguments("TIME negative fraction", new Value.Time("-00:00:00.000001")),
                arguments("zero DATETIME", new Value.DateTime("0000-00-00 00:00:00")),
                arguments("DATETIME(6)", new Value.DateTime("2024-02-29 23:59:59.999999")),
                arguments("DATETIME(3)", new Value.DateTime("1000-01-01 00:00:00.120")),
                arguments("zero TIMESTAMP", new Value.Timestamp("0000-00-00 00:00:00")),
                arguments("TIMESTAMP(6) max", new Value.Timestamp("2038-01-19 03:14:07.999999")),
                arguments("YEAR 0", new Value.Year(0)),
                arguments("YEAR 1901", new Value.Year(1901)),
                arguments("YEAR 2155", new Value.Year(2155)),
                arguments("BIT(1) 0", new Value.Bit(0, 1)),
                arguments("BIT(1) 1", new Value.Bit(1, 1)),
                arguments("BIT(4) 0101", new Value.Bit(5, 4)),
                arguments("BIT(64) all ones", new Value.Bit(-1L, 64)),
                arguments("BIT(64) zero", new Value.Bit(0, 64)),
                arguments("empty ENUM label", new Value.Enum("")),
                arguments("ENUM label", new Value.Enum("größe L")),
                arguments("empty SET", new Value.Set("")),
                arguments("SET", new Value.Set("a,b")),
                arguments("JSON with unicode", new Value.Json("{\"k\":[1,2],\"s\":\"\uD83D\uDE00 ü\\u00fc\"}")),
                arguments("JSON nested, spacing kept", new Value.Json("{ \"a\" : {\"b\": [null, true, 1.50, {\"c\": []}]}}")),
                arguments("JSON scalar", new Value.Json("\"just a string\"")),
                arguments("JSON null", new Value.Json("null")),
                arguments("NULL", Value.Null.INSTANCE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"integers", "decimals", "floats", "textAndBytes", "temporalsAndOthers"})
    void shouldRoundTripValueThroughBytes(String name, Value value) {
        Batch batch = WireSamples.insertOf(value);
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"integers", "decimals", "floats", "textAndBytes", "temporalsAndOthers"})
    void shouldRoundTripValueThroughString(String name, Value value) {
        Batch batch = WireSamples.insertOf(value);
        String json = CODEC.encodeToString(batch);
        assertEquals(json, new String(CODEC.encode(batch), StandardCharsets.UTF_8));
        assertEquals(batch, CODEC.decode(json));
    }

    @Test
    void shouldRoundTripUnsignedBigintMax() {
        Value decoded = roundTrip(Value.UInt.parse("18446744073709551615"));
        assertEquals("18446744073709551615", ((Value.UInt) decoded).text());
    }

    @Test
    void shouldKeepDecimalScale() {
        Value decoded = roundTrip(dec("1.50"));
        assertEquals(2, ((Value.Decimal) decoded).value().scale());
        assertEquals("1.50", ((Value.Decimal) decoded).value().toPlainString());
    }

    @Test
    void shouldRoundTripDecimalGivenInScientificNotation() {
        assertEquals(new Value.Decimal(new BigDecimal("1000")), roundTrip(new Value.Decimal(new BigDecimal("1E+3"))));
    }

    @Test
    void shouldKeepFloatBitsExactly() {
        for (float f : new float[]{-0f, Float.MIN_VALUE, Float.intBitsToFloat(0x00400001), 0.1f, Float.MAX_VALUE}) {
            Value.Float32 decoded = (Value.Float32) roundTrip(new Value.Float32(f));
            assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(decoded.value()), () -> "float " + f);
        }
        for (double d : new double[]{-0d, Double.MIN_VALUE, Double.longBitsToDouble(0x0008000000000001L), 0.1}) {
            Value.Float64 decoded = (Value.Float64) roundTrip(new Value.Float64(d));
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(decoded.value()), () -> "double " + d);
        }
    }

    @Test
    void shouldRoundTripEveryFamilyInOneRow() {
        Value[] row = Stream.of(integers(), decimals(), floats(), textAndBytes(), temporalsAndOthers())
                .flatMap(s -> s).map(a -> (Value) a.get()[1]).toArray(Value[]::new);
        Batch batch = WireSamples.insertOf(row);
        assertEquals(batch, CODEC.decode(CODEC.encode(batch)));
    }

    private static Value roundTrip(Value value) {
        RowChange row = (RowChange) CODEC.decode(CODEC.encode(WireSamples.insertOf(value)))
                .transactions().getFirst().changes().getFirst();
        return row.after().getFirst();
    }

    private static Value dec(String text) {
        return new Value.Decimal(new BigDecimal(text));
    }

    private static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** MySQL's internal form: SRID 0 (4 bytes LE), then WKB POINT(1 2) little-endian. */
    private static byte[] point() {
        ByteBuffer buf = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0).put((byte) 1).putInt(1).putDouble(1.0).putDouble(2.0);
        return buf.array();
    }
}
