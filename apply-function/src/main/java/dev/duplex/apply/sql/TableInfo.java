package dev.duplex.apply.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A target table's columns and unique keys (primary key first). Column names compare without
 * case, as MySQL compares them.
 */
public final class TableInfo {
    private final String database;
    private final String table;
    private final Map<String, ColumnInfo> columns = new LinkedHashMap<>();
    private final List<List<String>> uniqueKeys;

    public TableInfo(String database, String table, List<ColumnInfo> columns, List<List<String>> uniqueKeys) {
        this.database = database;
        this.table = table;
        columns.forEach(c -> this.columns.put(key(c.name()), c));
        this.uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    public boolean exists() {
        return !columns.isEmpty();
    }

    /** The column named {@code name} in any case, or null. */
    public ColumnInfo column(String name) {
        return columns.get(key(name));
    }

    /** Primary key first, then the other unique keys; names as the target spells them. */
    public List<List<String>> uniqueKeys() {
        return uniqueKeys;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
