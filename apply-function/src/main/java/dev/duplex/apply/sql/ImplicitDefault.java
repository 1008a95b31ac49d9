package dev.duplex.apply.sql;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * The value MySQL and MariaDB give a NOT NULL column that has no DEFAULT where no value is
 * given: what {@code ALTER TABLE ... ADD c <type> NOT NULL} writes into every existing row (in
 * any sql_mode), and what a non-strict INSERT stores. Numbers 0, strings and binary strings
 * empty, ENUM its first member, SET empty, dates and times zero, YEAR 0000.
 *
 * <p>JSON, geometry and unknown types get none: MySQL's JSON has no documented implicit value and
 * a geometry column cannot be added NOT NULL to a table with rows; a row without a value for such
 * a column is refused by the target (error 1364), with the reason.
 */
public final class ImplicitDefault {
    private ImplicitDefault() {}

    public static Optional<Value> of(ColumnInfo column) {
        String type = column.dataType().toLowerCase(Locale.ROOT);
        Value v = switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "bit" -> new Value.Int(0);
            case "decimal", "numeric" -> new Value.Decimal(BigDecimal.ZERO);
            case "float" -> new Value.Float32(0f);
            case "double", "real" -> new Value.Float64(0d);
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> new Value.Text("");
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> new Value.Bytes(new byte[0]);
            case "enum" -> firstEnumLabel(column.columnType()).<Value>map(Value.Enum::new).orElse(null);
            case "set" -> new Value.Set("");
            case "date" -> new Value.Date("0000-00-00");
            case "time" -> new Value.Time("00:00:00");
            case "datetime" -> new Value.DateTime("0000-00-00 00:00:00");
            case "timestamp" -> new Value.Timestamp("0000-00-00 00:00:00");
            case "year" -> new Value.Year(0);
            // MariaDB's own types.
            case "uuid" -> new Value.Text("00000000-0000-0000-0000-000000000000");
            case "inet6" -> new Value.Text("::");
            case "inet4" -> new Value.Text("0.0.0.0");
            default -> null;
        };
        return Optional.ofNullable(v);
    }

    /** The first label of {@code enum('a','b''c',...)}, quotes undone. */
    static Optional<String> firstEnumLabel(String columnType) {
        int open = columnType.indexOf('\'');
        if (open < 0) {
            return Optional.empty();
        }
        StringBuilder label = new StringBuilder();
        for (int i = open + 1; i < columnType.length(); i++) {
            char ch = columnType.charAt(i);
            if (ch == '\'') {
                if (i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    label.append('\'');
                    i++;
                } else {
                    return Optional.of(label.toString());
                }
            } else if (ch == '\\' && i + 1 < columnType.length()) {
                label.append(columnType.charAt(++i));
            } else {
                label.append(ch);
            }
        }
        return Optional.empty();
    }
}
