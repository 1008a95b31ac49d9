package dev.duplex.apply.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A target table's columns and unique keys (primary key first). Column names compare without
 * case, as MySQL compares them. Knows when it was read, so a statement the target refuses for a
 * column can tell a definition read before the attempt (maybe changed since) from a fresh one.
 */
public final class TableInfo {
    private final String database;
    private final String table;
    private final Map<String, ColumnInfo> columns = new LinkedHashMap<>();
    private final List<List<String>> uniqueKeys;
    private final long loadedNanos;

    public TableInfo(String database, String table, List<ColumnInfo> columns, List<List<String>> uniqueKeys) {
        this(database, table, columns, uniqueKeys, System.nanoTime());
    }

    TableInfo(String database, String table, List<ColumnInfo> columns, List<List<String>> uniqueKeys,
              long loadedNanos) {
        this.database = database;
        this.table = table;
        columns.forEach(c -> this.columns.put(key(c.name()), c));
        this.uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
        this.loadedNanos = loadedNanos;
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

    /** Every column, in table order. */
    public List<ColumnInfo> columns() {
        return List.copyOf(columns.values());
    }

    /** Primary key first, then the other unique keys; names as the target spells them. */
    public List<List<String>> uniqueKeys() {
        return uniqueKeys;
    }

    /** Same columns (names, types, nullability, defaults) and unique keys as {@code other}. */
    public boolean sameDefinition(TableInfo other) {
        return List.copyOf(columns.values()).equals(List.copyOf(other.columns.values()))
                && uniqueKeys.equals(other.uniqueKeys);
    }

    /** Whether this definition was read before {@code nanos} (System.nanoTime()). */
    public boolean readBefore(long nanos) {
        return loadedNanos - nanos < 0;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
