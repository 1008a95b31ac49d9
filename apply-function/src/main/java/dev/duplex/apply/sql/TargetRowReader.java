package dev.duplex.apply.sql;

import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the target's current row as {@link Value}s, for the conflict log. Temporal columns are
 * read as the server's own text so zero dates and long TIME values survive.
 */
public final class TargetRowReader {
    private TargetRowReader() {}

    /** Columns holding values: a test on the row found, made by the server (its collation, its types). */
    public record Match(List<String> columns, List<Value> values) {}

    /** The row found: its image over the columns asked for, and for each {@link Match} whether it holds. */
    public record Found(List<Value> image, List<Boolean> matches) {}

    /** The first row whose {@code whereColumns} equal {@code whereValues}, locked, or empty. */
    public static Optional<List<Value>> read(Connection c, TableInfo table, List<String> columns,
                                             List<String> whereColumns, List<Value> whereValues) throws SQLException {
        return read(c, table, columns, List.of(), whereColumns, whereValues).map(Found::image);
    }

    /** As {@link #read(Connection, TableInfo, List, List, List)}, also telling which of {@code tests} the row passes. */
    public static Optional<Found> read(Connection c, TableInfo table, List<String> columns, List<Match> tests,
                                       List<String> whereColumns, List<Value> whereValues) throws SQLException {
        List<String> expressions = new ArrayList<>();
        for (String name : columns) {
            ColumnInfo col = table.column(name);
            expressions.add(col.temporal() ? "CAST(" + quote(name) + " AS CHAR)" : quote(name));
        }
        tests.forEach(t -> expressions.add(SqlText.matches(t.columns())));
        String sql = SqlText.selectOne(table.database(), table.table(), expressions, whereColumns);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = 1;
            for (Match t : tests) {
                for (Value v : t.values()) {
                    ValueBinder.bind(ps, index++, v);
                }
            }
            for (Value v : whereValues) {
                ValueBinder.bind(ps, index++, v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(found(rs, table, columns, tests.size())) : Optional.empty();
            }
        }
    }

    private static Found found(ResultSet rs, TableInfo table, List<String> columns, int tests) throws SQLException {
        List<Value> row = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            row.add(value(rs, i + 1, table.column(columns.get(i))));
        }
        List<Boolean> matches = new ArrayList<>(tests);
        for (int i = 0; i < tests; i++) {
            matches.add(rs.getInt(columns.size() + i + 1) == 1);
        }
        return new Found(row, matches);
    }

    static Value value(ResultSet rs, int i, ColumnInfo col) throws SQLException {
        if (rs.getObject(i) == null) {
            return Value.Null.INSTANCE;
        }
        String type = col.dataType().toLowerCase(Locale.ROOT);
        boolean unsigned = col.columnType().toLowerCase(Locale.ROOT).contains("unsigned");
        try {
            return switch (type) {
                case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" ->
                        unsigned ? Value.UInt.parse(rs.getString(i)) : new Value.Int(rs.getLong(i));
                case "decimal", "numeric" -> new Value.Decimal(rs.getBigDecimal(i));
                case "float" -> new Value.Float32(rs.getFloat(i));
                case "double", "real" -> new Value.Float64(rs.getDouble(i));
                case "bit" -> bit(rs.getBytes(i), col.columnType());
                case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> new Value.Bytes(rs.getBytes(i));
                case "date" -> new Value.Date(rs.getString(i));
                case "time" -> new Value.Time(rs.getString(i));
                case "datetime" -> new Value.DateTime(rs.getString(i));
                case "timestamp" -> new Value.Timestamp(rs.getString(i));
                case "year" -> new Value.Year(Integer.parseInt(rs.getString(i)));
                case "enum" -> new Value.Enum(rs.getString(i));
                case "set" -> new Value.Set(rs.getString(i));
                case "json" -> new Value.Json(rs.getString(i));
                case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                     "geometrycollection", "geomcollection" -> new Value.Geometry(rs.getBytes(i));
                default -> new Value.Text(rs.getString(i));
            };
        } catch (IllegalArgumentException unusual) {
            // A value the model refuses (e.g. an odd temporal) is still worth showing in the log.
            return new Value.Text(rs.getString(i));
        }
    }

    private static Value bit(byte[] bytes, String columnType) {
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xff);
        }
        var m = Pattern.compile("bit\\((\\d+)\\)").matcher(columnType.toLowerCase(Locale.ROOT));
        int width = m.find() ? Integer.parseInt(m.group(1)) : 64;
        return new Value.Bit(bits, width);
    }
}
