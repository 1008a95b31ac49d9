package dev.duplex.capture.decode;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import dev.duplex.core.model.Value;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One converter per column type family, looked up by the column's real type. The raw cell forms
 * are those of {@code capture.reader}: integers sign-extended, CHAR/VARCHAR/TEXT/BLOB as bytes,
 * temporals already as MySQL text, BIT as its bits, ENUM as index, SET as bit mask.
 */
public final class CellConverters {
    private static final Map<ColumnType, CellConverter> BY_TYPE = new EnumMap<>(ColumnType.class);

    static {
        BY_TYPE.put(ColumnType.TINY, (c, raw) -> integer(c, ((Number) raw).longValue(), 0xFFL));
        BY_TYPE.put(ColumnType.SHORT, (c, raw) -> integer(c, ((Number) raw).longValue(), 0xFFFFL));
        BY_TYPE.put(ColumnType.INT24, (c, raw) -> integer(c, ((Number) raw).longValue(), 0xFFFFFFL));
        BY_TYPE.put(ColumnType.LONG, (c, raw) -> integer(c, ((Number) raw).longValue(), 0xFFFFFFFFL));
        BY_TYPE.put(ColumnType.LONGLONG, (c, raw) -> integer(c, ((Number) raw).longValue(), -1L));
        BY_TYPE.put(ColumnType.YEAR, (c, raw) -> new Value.Year(((Number) raw).intValue()));
        BY_TYPE.put(ColumnType.FLOAT, (c, raw) -> new Value.Float32(((Number) raw).floatValue()));
        BY_TYPE.put(ColumnType.DOUBLE, (c, raw) -> new Value.Float64(((Number) raw).doubleValue()));
        BY_TYPE.put(ColumnType.NEWDECIMAL, (c, raw) -> new Value.Decimal(((BigDecimal) raw).setScale(c.meta() >> 8)));
        BY_TYPE.put(ColumnType.BIT, (c, raw) -> new Value.Bit((Long) raw, bitWidth(c.meta())));
        BY_TYPE.put(ColumnType.DATE, (c, raw) -> new Value.Date((String) raw));
        BY_TYPE.put(ColumnType.TIME, (c, raw) -> new Value.Time((String) raw));
        BY_TYPE.put(ColumnType.TIME_V2, (c, raw) -> new Value.Time((String) raw));
        BY_TYPE.put(ColumnType.DATETIME, (c, raw) -> new Value.DateTime((String) raw));
        BY_TYPE.put(ColumnType.DATETIME_V2, (c, raw) -> new Value.DateTime((String) raw));
        BY_TYPE.put(ColumnType.TIMESTAMP, (c, raw) -> new Value.Timestamp((String) raw));
        BY_TYPE.put(ColumnType.TIMESTAMP_V2, (c, raw) -> new Value.Timestamp((String) raw));
        BY_TYPE.put(ColumnType.STRING, CellConverters::fixedString);
        BY_TYPE.put(ColumnType.VARCHAR, CellConverters::string);
        BY_TYPE.put(ColumnType.VAR_STRING, CellConverters::string);
        BY_TYPE.put(ColumnType.BLOB, CellConverters::string);
        BY_TYPE.put(ColumnType.TINY_BLOB, CellConverters::string);
        BY_TYPE.put(ColumnType.MEDIUM_BLOB, CellConverters::string);
        BY_TYPE.put(ColumnType.LONG_BLOB, CellConverters::string);
        BY_TYPE.put(ColumnType.ENUM, CellConverters::enumLabel);
        BY_TYPE.put(ColumnType.SET, CellConverters::setLabels);
        BY_TYPE.put(ColumnType.JSON, CellConverters::mysqlJson);
        BY_TYPE.put(ColumnType.GEOMETRY, (c, raw) -> new Value.Geometry((byte[]) raw));
        BY_TYPE.put(ColumnType.VECTOR, (c, raw) -> new Value.Bytes((byte[]) raw));
    }

    private CellConverters() {}

    /** The converter of {@code type}, or null if capture cannot read that type. */
    public static CellConverter forType(ColumnType type) {
        return BY_TYPE.get(type);
    }

    static Value integer(ColumnSchema c, long signExtended, long mask) {
        return c.unsigned() ? new Value.UInt(signExtended & mask) : new Value.Int(signExtended);
    }

    static int bitWidth(int meta) {
        return (meta >> 8) * 8 + (meta & 0xFF);
    }

    /** CHAR or BINARY: the binlog drops BINARY's trailing zero bytes, which are part of the value. */
    private static Value fixedString(ColumnSchema c, Serializable raw) throws Exception {
        byte[] bytes = (byte[]) raw;
        if (c.charset().isBinary()) {
            return new Value.Bytes(bytes.length < c.length() ? Arrays.copyOf(bytes, c.length()) : bytes);
        }
        return new Value.Text(c.charset().decode(bytes));
    }

    private static Value string(ColumnSchema c, Serializable raw) throws Exception {
        byte[] bytes = (byte[]) raw;
        if (c.charset().isBinary()) {
            return new Value.Bytes(bytes);
        }
        String text = c.charset().decode(bytes);
        return c.json() ? new Value.Json(text) : new Value.Text(text);
    }

    private static Value enumLabel(ColumnSchema c, Serializable raw) {
        int index = ((Number) raw).intValue();
        if (index == 0) {
            return new Value.Enum("");
        }
        if (index > c.labels().size()) {
            throw new IllegalArgumentException("ENUM index " + index + " of column " + c.name() + " is beyond its "
                    + c.labels().size() + " values");
        }
        return new Value.Enum(c.labels().get(index - 1));
    }

    private static Value setLabels(ColumnSchema c, Serializable raw) {
        long mask = ((Number) raw).longValue();
        StringJoiner labels = new StringJoiner(",");
        for (int i = 0; i < 64 && mask != 0; i++, mask >>>= 1) {
            if ((mask & 1) == 0) {
                continue;
            }
            if (i >= c.labels().size()) {
                throw new IllegalArgumentException("SET bit " + i + " of column " + c.name() + " is beyond its "
                        + c.labels().size() + " values");
            }
            labels.add(c.labels().get(i));
        }
        return new Value.Set(labels.toString());
    }

    /** MySQL's binary JSON; an empty value is how MySQL stores the JSON null literal in some paths. */
    private static Value mysqlJson(ColumnSchema c, Serializable raw) throws Exception {
        byte[] bytes = (byte[]) raw;
        return new Value.Json(bytes.length == 0 ? "null" : JsonBinary.parseAsString(bytes));
    }
}
