package dev.duplex.capture.snapshot;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import dev.duplex.core.error.FatalException;
import java.util.Locale;

/**
 * How the full sync reads one column family so that it gets the very value capture would
 * publish for the same row: temporals as the server's own text (zero dates, fractions, TIMESTAMP
 * in the session's UTC), character columns as their raw bytes decoded like capture decodes the
 * binlog, FLOAT and DOUBLE over the binary protocol (their text form is rounded).
 */
enum ReadKind {
    SIGNED(ColumnType.LONGLONG), UNSIGNED(ColumnType.LONGLONG), DECIMAL(ColumnType.NEWDECIMAL),
    FLOAT(ColumnType.FLOAT), DOUBLE(ColumnType.DOUBLE), BIT(ColumnType.BIT), YEAR(ColumnType.YEAR),
    DATE(ColumnType.DATE), TIME(ColumnType.TIME_V2), DATETIME(ColumnType.DATETIME_V2),
    TIMESTAMP(ColumnType.TIMESTAMP_V2), TEXT(ColumnType.VARCHAR), JSON_TEXT(ColumnType.VARCHAR),
    JSON_BINARY(ColumnType.JSON), BYTES(ColumnType.BLOB), ENUM(ColumnType.ENUM), SET(ColumnType.SET),
    GEOMETRY(ColumnType.GEOMETRY);

    /** The binlog type the same column has; only informative for the selection code that shares capture's schema. */
    final ColumnType binlogType;

    ReadKind(ColumnType binlogType) {
        this.binlogType = binlogType;
    }

    /**
     * @param dataType   information_schema.COLUMNS.DATA_TYPE
     * @param columnType information_schema.COLUMNS.COLUMN_TYPE
     * @param json       a JSON column (MySQL's type, or MariaDB's LONGTEXT with a json_valid check)
     */
    static ReadKind of(String table, String column, String dataType, String columnType, boolean json) {
        String t = dataType.toLowerCase(Locale.ROOT);
        boolean unsigned = columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        return switch (t) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> unsigned ? UNSIGNED : SIGNED;
            case "decimal", "numeric" -> DECIMAL;
            case "float" -> FLOAT;
            case "double", "real", "double precision" -> DOUBLE;
            case "bit" -> BIT;
            case "year" -> YEAR;
            case "date" -> DATE;
            case "time" -> TIME;
            case "datetime" -> DATETIME;
            case "timestamp" -> TIMESTAMP;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext" -> json ? JSON_TEXT : TEXT;
            case "json" -> JSON_BINARY;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "vector" -> BYTES;
            case "enum" -> ENUM;
            case "set" -> SET;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> GEOMETRY;
            default -> throw new FatalException("column " + table + "." + column + " has type " + columnType
                    + ", which full sync cannot read exactly yet: leave the column out of the task's columns, or "
                    + "copy the table yourself and drop full from sync.types");
        };
    }

    /** The select-list expression that reads {@code quoted} (a quoted column name) this way. */
    String expression(String quoted) {
        return switch (this) {
            case DATE, TIME, DATETIME, TIMESTAMP -> "CAST(" + quoted + " AS CHAR)";
            case TEXT, JSON_TEXT -> "CAST(" + quoted + " AS BINARY)";
            case YEAR -> "(" + quoted + " + 0)";
            default -> quoted;
        };
    }
}
