package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table of node a to copy: its columns in table order and the key its rows are read by
 * (primary key, else the first unique key of NOT NULL columns).
 *
 * @param estimatedRows the server's estimate (information_schema TABLE_ROWS), for progress only
 */
record SnapshotTable(String database, String table, List<SourceColumn> columns, List<String> key,
                     long estimatedRows) {
    SnapshotTable {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        key = List.copyOf(key);
    }

    String qualifiedName() {
        return database + "." + table;
    }

    /** The table as capture's selection code sees it, so snapshot rows are selected and renamed like binlog rows. */
    TableSchema schema() {
        return new TableSchema(database, table, columns.stream().map(SourceColumn::schema).toList(), key);
    }

    /** Positions (0-based) of the key columns among {@link #columns}. */
    List<Integer> keyIndexes() {
        List<Integer> out = new ArrayList<>(key.size());
        for (String k : key) {
            out.add(indexOf(k));
        }
        return out;
    }

    SourceColumn column(String name) {
        return columns.get(indexOf(name));
    }

    private int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("key column " + name + " is not a column of " + qualifiedName());
    }
}
