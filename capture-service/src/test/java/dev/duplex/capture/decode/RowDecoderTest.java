package dev.duplex.capture.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Value;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowDecoderTest {

    private static ColumnSchema col(ColumnType type, int meta, boolean unsigned) {
        return new ColumnSchema("c", type, meta, meta, unsigned, TextCharset.BINARY, List.of(), false, false);
    }

    private static ColumnSchema text(ColumnType type, TextCharset cs, boolean json) {
        return new ColumnSchema("c", type, 2, 255, false, cs, List.of(), json, false);
    }

    private static Value one(ColumnSchema c, Serializable raw) {
        TableSchema t = new TableSchema("db", "t", List.of(c), List.of("c"));
        return RowDecoder.decode(t, new Serializable[] {raw}, "mysql-bin.000001:4").get(0);
    }

    @Test
    void shouldDecodeSignedIntegersAtTheirLimits() {
        assertEquals(new Value.Int(-128), one(col(ColumnType.TINY, 0, false), -128));
        assertEquals(new Value.Int(-32768), one(col(ColumnType.SHORT, 0, false), -32768));
        assertEquals(new Value.Int(-8388608), one(col(ColumnType.INT24, 0, false), -8388608));
        assertEquals(new Value.Int(Integer.MIN_VALUE), one(col(ColumnType.LONG, 0, false), Integer.MIN_VALUE));
        assertEquals(new Value.Int(Long.MIN_VALUE), one(col(ColumnType.LONGLONG, 0, false), Long.MIN_VALUE));
        assertEquals(new Value.Int(Long.MAX_VALUE), one(col(ColumnType.LONGLONG, 0, false), Long.MAX_VALUE));
    }

    @Test
    void shouldDecodeUnsignedIntegersFromTheirSignExtendedBits() {
        assertEquals(Value.UInt.parse("255"), one(col(ColumnType.TINY, 0, true), -1));
        assertEquals(Value.UInt.parse("65535"), one(col(ColumnType.SHORT, 0, true), -1));
        assertEquals(Value.UInt.parse("16777215"), one(col(ColumnType.INT24, 0, true), -1));
        assertEquals(Value.UInt.parse("4294967295"), one(col(ColumnType.LONG, 0, true), -1));
        assertEquals(Value.UInt.parse("18446744073709551615"), one(col(ColumnType.LONGLONG, 0, true), -1L));
        assertEquals(Value.UInt.parse("0"), one(col(ColumnType.LONGLONG, 0, true), 0L));
    }

    @Test
    void shouldKeepDecimalScaleFromTheColumn() {
        int meta = (30 << 8) | 65;
        Value v = one(col(ColumnType.NEWDECIMAL, meta, false), new BigDecimal("-1.5"));
        assertEquals(new Value.Decimal(new BigDecimal("-1.500000000000000000000000000000")), v);
        assertEquals(new Value.Decimal(new BigDecimal("0.00")), one(col(ColumnType.NEWDECIMAL, (2 << 8) | 10, false),
                BigDecimal.ZERO));
    }

    @Test
    void shouldDecodeFloatsBitExactly() {
        assertEquals(new Value.Float32(-0.0f), one(col(ColumnType.FLOAT, 4, false), -0.0f));
        assertEquals(new Value.Float32(Float.MIN_VALUE), one(col(ColumnType.FLOAT, 4, false), Float.MIN_VALUE));
        assertEquals(new Value.Float64(Double.MAX_VALUE), one(col(ColumnType.DOUBLE, 8, false), Double.MAX_VALUE));
    }

    @Test
    void shouldDecodeBitOfEachWidth() {
        assertEquals(Value.Bit.ofBinary("1"), one(col(ColumnType.BIT, 1, false), 1L));
        assertEquals(Value.Bit.ofBinary("0"), one(col(ColumnType.BIT, 1, false), 0L));
        int bit64 = 8 << 8;
        assertEquals(new Value.Bit(-1L, 64), one(col(ColumnType.BIT, bit64, false), -1L));
        int bit10 = (1 << 8) | 2;
        assertEquals(Value.Bit.ofBinary("1000000001"), one(col(ColumnType.BIT, bit10, false), 513L));
    }

    @Test
    void shouldPadBinaryBackToItsLengthBecauseTheBinlogStripsTrailingZeros() {
        ColumnSchema binary4 = new ColumnSchema("c", ColumnType.STRING, 0, 4, false, TextCharset.BINARY, List.of(),
                false, false);
        Value v = one(binary4, new byte[] {1});
        assertArrayEquals(new byte[] {1, 0, 0, 0}, ((Value.Bytes) v).value());
        ColumnSchema varbinary = text(ColumnType.VARCHAR, TextCharset.BINARY, false);
        assertArrayEquals(new byte[] {1}, ((Value.Bytes) one(varbinary, new byte[] {1})).value());
    }

    @Test
    void shouldDecodeTextWithTheColumnCharset() {
        String emoji = "a\uD83D\uDE00é";
        assertEquals(new Value.Text(emoji), one(text(ColumnType.VARCHAR, TextCharset.UTF8MB4, false),
                emoji.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new Value.Text("é€\u0081"), one(text(ColumnType.BLOB, TextCharset.LATIN1, false),
                new byte[] {(byte) 0xE9, (byte) 0x80, (byte) 0x81}));
        assertEquals(new Value.Json("{\"a\": 1}"), one(text(ColumnType.BLOB, TextCharset.UTF8MB4, true),
                "{\"a\": 1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRefuseBytesThatAreNotValidInTheColumnCharset() {
        var e = assertThrows(DecodeException.class, () -> one(text(ColumnType.VARCHAR, TextCharset.UTF8MB4, false),
                new byte[] {(byte) 0xC3}));
        assertTrue(e.getMessage().contains("db.t.c"), e.getMessage());
        assertTrue(e.getMessage().contains("mysql-bin.000001:4"), e.getMessage());
    }

    @Test
    void shouldMapEnumAndSetValuesToLabels() {
        ColumnSchema e = new ColumnSchema("e", ColumnType.ENUM, 0, 1, false, TextCharset.BINARY, List.of("x", "y"),
                false, false);
        assertEquals(new Value.Enum("y"), one(e, 2));
        assertEquals(new Value.Enum(""), one(e, 0));
        ColumnSchema s = new ColumnSchema("s", ColumnType.SET, 0, 1, false, TextCharset.BINARY,
                List.of("a", "b", "c"), false, false);
        assertEquals(new Value.Set("a,c"), one(s, 5L));
        assertEquals(new Value.Set(""), one(s, 0L));
        assertThrows(DecodeException.class, () -> one(e, 3));
    }

    @Test
    void shouldCarryTemporalTextYearAndNull() {
        assertEquals(new Value.Date("0000-00-00"), one(col(ColumnType.DATE, 0, false), "0000-00-00"));
        assertEquals(new Value.Time("-838:59:59"), one(col(ColumnType.TIME_V2, 0, false), "-838:59:59"));
        assertEquals(new Value.DateTime("2024-01-01 00:00:00.5"), one(col(ColumnType.DATETIME_V2, 1, false),
                "2024-01-01 00:00:00.5"));
        assertEquals(new Value.Timestamp("0000-00-00 00:00:00"), one(col(ColumnType.TIMESTAMP_V2, 0, false),
                "0000-00-00 00:00:00"));
        assertEquals(new Value.Year(0), one(col(ColumnType.YEAR, 0, false), 0));
        assertEquals(Value.Null.INSTANCE, one(col(ColumnType.LONG, 0, false), null));
    }

    @Test
    void shouldDecodeMySqlBinaryJsonAndKeepGeometryBytes() {
        // MySQL binary JSON: type 0x0C (string) followed by a length-prefixed UTF-8 string.
        byte[] json = {0x0C, 0x02, 'h', 'i'};
        assertEquals(new Value.Json("\"hi\""), one(col(ColumnType.JSON, 4, false), json));
        byte[] geo = {0, 0, 0, 0, 1, 1, 0, 0, 0};
        assertArrayEquals(geo, ((Value.Geometry) one(col(ColumnType.GEOMETRY, 4, false), geo)).value());
    }

    @Test
    void shouldRefuseAPartialRowImage() {
        TableSchema t = new TableSchema("db", "t", List.of(col(ColumnType.LONG, 0, false),
                col(ColumnType.LONG, 0, false)), List.of());
        var e = assertThrows(DecodeException.class, () -> RowDecoder.decode(t, new Serializable[] {1}, "f.000001:4"));
        assertTrue(e.getMessage().contains("binlog_row_image=FULL"), e.getMessage());
    }
}
