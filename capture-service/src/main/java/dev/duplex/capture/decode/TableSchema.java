package dev.duplex.capture.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table as one table-map event describes it.
 *
 * @param keyColumns primary key, else the first unique key of NOT NULL columns; empty if neither
 */
public record TableSchema(String database, String table, List<ColumnSchema> columns, List<String> keyColumns) {
    public TableSchema {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    public String qualifiedName() {
        return database + "." + table;
    }
}
