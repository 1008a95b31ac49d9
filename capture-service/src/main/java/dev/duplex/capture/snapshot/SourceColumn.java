package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.ColumnSchema;
import dev.duplex.capture.decode.TextCharset;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One column of a table being copied and how its value is read from a result set.
 *
 * @param charset  for TEXT and JSON_TEXT: the column's character set, decoded as capture decodes the binlog
 * @param bitWidth for BIT: the declared width
 */
record SourceColumn(String name, ReadKind kind, TextCharset charset, int bitWidth, boolean generated) {
    private static final Pattern BIT_WIDTH = Pattern.compile("bit\\((\\d+)\\)");

    SourceColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** From information_schema.COLUMNS (via capture's catalog). */
    static SourceColumn of(String table, String name, String dataType, String columnType, String charsetName,
                           boolean generated, boolean json) {
        ReadKind kind = ReadKind.of(table, name, dataType, columnType, json);
        TextCharset cs = TextCharset.BINARY;
        if (kind == ReadKind.TEXT || kind == ReadKind.JSON_TEXT) {
            cs = charsetName == null ? null : TextCharset.forMySqlName(charsetName);
            if (cs == null) {
                throw new FatalException("column " + table + "." + name + " uses character set " + charsetName
                        + ", which Duplex cannot decode exactly; convert the column to utf8mb4 or leave the table out "
                        + "of the task");
            }
        }
        int width = 0;
        if (kind == ReadKind.BIT) {
            Matcher m = BIT_WIDTH.matcher(columnType.toLowerCase(Locale.ROOT));
            width = m.find() ? Integer.parseInt(m.group(1)) : 1;
        }
        return new SourceColumn(name, kind, cs, width, generated);
    }

    /** The column as capture's selection code knows columns (names, generated flag), for filters and projection. */
    ColumnSchema schema() {
        return new ColumnSchema(name, kind.binlogType, 0, 0, kind == ReadKind.UNSIGNED, charset, List.of(),
                kind == ReadKind.JSON_TEXT || kind == ReadKind.JSON_BINARY, generated);
    }

    /** Reads this column at {@code index} (1-based) of the current row. */
    Value read(ResultSet rs, int index) throws SQLException {
        Value v = readRaw(rs, index);
        return rs.wasNull() ? Value.Null.INSTANCE : v;
    }

    /**
     * Writes this column at {@code index} (1-based) of the current row as one LOAD DATA field:
     * integers as their digits and text as its UTF-8 bytes, without a value in between; the other
     * kinds through their value ({@link LoadDataRows#field}).
     */
    void writeLoadData(LoadDataBuffer out, ResultSet rs, int index) throws SQLException {
        switch (kind) {
            case SIGNED -> {
                long v = rs.getLong(index);
                if (rs.wasNull()) {
                    out.nul();
                } else {
                    out.digits(v);
                }
            }
            case TEXT, JSON_TEXT -> {
                byte[] raw = rs.getBytes(index);
                if (raw == null) {
                    out.nul();
                } else {
                    out.escaped(utf8(raw));
                }
            }
            default -> LoadDataRows.field(out, read(rs, index));
        }
    }

    private Value readRaw(ResultSet rs, int index) throws SQLException {
        return switch (kind) {
            case SIGNED -> new Value.Int(rs.getLong(index));
            case UNSIGNED -> unsigned(rs.getString(index));
            case DECIMAL -> decimal(rs.getBigDecimal(index));
            case FLOAT -> new Value.Float32(rs.getFloat(index));
            case DOUBLE -> new Value.Float64(rs.getDouble(index));
            case BIT -> bit(rs.getBytes(index));
            case YEAR -> new Value.Year((int) rs.getLong(index));
            case DATE -> text(rs.getString(index), Value.Date::new);
            case TIME -> text(rs.getString(index), Value.Time::new);
            case DATETIME -> text(rs.getString(index), Value.DateTime::new);
            case TIMESTAMP -> text(rs.getString(index), Value.Timestamp::new);
            case TEXT -> decoded(rs.getBytes(index), Value.Text::new);
            case JSON_TEXT -> decoded(rs.getBytes(index), Value.Json::new);
            case JSON_BINARY -> text(rs.getString(index), Value.Json::new);
            case BYTES -> bytes(rs.getBytes(index), Value.Bytes::new);
            case ENUM -> text(rs.getString(index), Value.Enum::new);
            case SET -> text(rs.getString(index), Value.Set::new);
            case GEOMETRY -> bytes(rs.getBytes(index), Value.Geometry::new);
        };
    }

    private static Value unsigned(String text) {
        return text == null ? Value.Null.INSTANCE : Value.UInt.parse(text);
    }

    private static Value decimal(BigDecimal d) {
        return d == null ? Value.Null.INSTANCE : new Value.Decimal(d);
    }

    private Value bit(byte[] bytes) {
        if (bytes == null) {
            return Value.Null.INSTANCE;
        }
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xFF);
        }
        return new Value.Bit(bits, bitWidth);
    }

    private static Value text(String s, Function<String, Value> make) {
        return s == null ? Value.Null.INSTANCE : make.apply(s);
    }

    private static Value bytes(byte[] b, Function<byte[], Value> make) {
        return b == null ? Value.Null.INSTANCE : make.apply(b);
    }

    /**
     * For TEXT and JSON_TEXT: the UTF-8 of the text {@code raw} (the column's bytes) holds, which
     * is {@code raw} itself for ASCII and in UTF-8 columns.
     */
    private byte[] utf8(byte[] raw) {
        try {
            return charset.isUtf8(raw) ? raw : charset.decode(raw).getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw invalidText();
        }
    }

    private Value decoded(byte[] b, Function<String, Value> make) {
        if (b == null) {
            return Value.Null.INSTANCE;
        }
        try {
            return make.apply(charset.decode(b));
        } catch (CharacterCodingException e) {
            throw invalidText();
        }
    }

    private FatalException invalidText() {
        return new FatalException("column " + name + " holds bytes that are not valid " + charset.mysqlName()
                + " text; Duplex does not replace characters (the target would get a different value): fix the "
                + "row on node a or leave the column out of the task");
    }
}
