package dev.duplex.capture.decode;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.util.List;
import java.util.Objects;

/**
 * One column as the binlog stores it and as capture must read it.
 *
 * @param type      the real type (ENUM, SET and CHAR unpacked from the STRING type's metadata)
 * @param meta      the table-map metadata of the column (precision, fraction digits, length bytes)
 * @param length    for CHAR/BINARY: the maximum length in bytes (BINARY values are zero-padded to it)
 * @param unsigned  numeric column declared UNSIGNED
 * @param charset   for character columns (CHAR, VARCHAR, TEXT, BLOB): how to decode; {@link TextCharset#BINARY} for bytes
 * @param labels    ENUM or SET values in declaration order, empty otherwise
 * @param json      a JSON column (MySQL's binary JSON, or MariaDB's LONGTEXT with a json_valid check)
 * @param generated a generated (VIRTUAL or STORED) column: captured for filters, never published
 */
public record ColumnSchema(String name, ColumnType type, int meta, int length, boolean unsigned,
                           TextCharset charset, List<String> labels, boolean json, boolean generated) {
    public ColumnSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        charset = charset == null ? TextCharset.BINARY : charset;
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public ColumnSchema withGenerated(boolean value) {
        return new ColumnSchema(name, type, meta, length, unsigned, charset, labels, json, value);
    }

    public ColumnSchema withJson(boolean value) {
        return new ColumnSchema(name, type, meta, length, unsigned, charset, labels, value, generated);
    }
}
