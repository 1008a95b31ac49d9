package dev.duplex.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One row change with full images. {@code before} is absent (null) for INSERT, {@code after}
 * for DELETE; both are aligned with {@code columns}. {@code keyColumns} names the columns that
 * identify the row on the target (primary key, or a unique key when there is none).
 */
public record RowChange(Op op, String database, String table, List<String> columns,
                        List<String> keyColumns, List<Value> before, List<Value> after) implements Change {

    public RowChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        before = before == null ? null : List.copyOf(before);
        after = after == null ? null : List.copyOf(after);
        requireImage("before", before, op != Op.INSERT, columns.size());
        requireImage("after", after, op != Op.DELETE, columns.size());
        if (!columns.containsAll(keyColumns)) {
            throw new IllegalArgumentException("key columns " + keyColumns + " are not all among columns " + columns
                    + " of " + database + "." + table);
        }
    }

    public static RowChange insert(String db, String table, List<String> cols, List<String> key, List<Value> after) {
        return new RowChange(Op.INSERT, db, table, cols, key, null, after);
    }

    public static RowChange update(String db, String table, List<String> cols, List<String> key,
                                   List<Value> before, List<Value> after) {
        return new RowChange(Op.UPDATE, db, table, cols, key, before, after);
    }

    public static RowChange delete(String db, String table, List<String> cols, List<String> key, List<Value> before) {
        return new RowChange(Op.DELETE, db, table, cols, key, before, null);
    }

    /** The value of {@code column} in {@code image}, or null if the table has no such column. */
    public Value valueOf(List<Value> image, String column) {
        int i = columns.indexOf(column);
        return i < 0 || image == null ? null : image.get(i);
    }

    private static void requireImage(String name, List<Value> image, boolean required, int width) {
        if (required && image == null) {
            throw new IllegalArgumentException(name + " image is required for this operation");
        }
        if (!required && image != null) {
            throw new IllegalArgumentException(name + " image must be absent for this operation");
        }
        if (image != null && image.size() != width) {
            throw new IllegalArgumentException(name + " image has " + image.size() + " values for " + width + " columns");
        }
    }
}
