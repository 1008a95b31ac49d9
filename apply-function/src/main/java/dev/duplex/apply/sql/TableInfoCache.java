package dev.duplex.apply.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Target table metadata read from information_schema once per table and kept until a DDL batch
 * (or a missing column) says it may be stale.
 */
public final class TableInfoCache {
    // MySQL marks DEFAULT CURRENT_TIMESTAMP columns "DEFAULT_GENERATED": those are written normally.
    private static final Pattern GENERATED = Pattern.compile("(?i).*\\b(VIRTUAL|STORED|PERSISTENT) GENERATED\\b.*");
    private static final Pattern AUTO_INCREMENT = Pattern.compile("(?i).*\\bauto_increment\\b.*");

    private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();

    public TableInfo get(Connection c, String database, String table) throws SQLException {
        String key = database + "\u0000" + table;
        TableInfo cached = tables.get(key);
        if (cached != null) {
            return cached;
        }
        TableInfo loaded = load(c, database, table);
        if (loaded.exists()) {
            tables.put(key, loaded);
        }
        return loaded;
    }

    public void invalidate(String database, String table) {
        tables.remove(database + "\u0000" + table);
    }

    public void invalidateAll() {
        tables.clear();
    }

    private static TableInfo load(Connection c, String database, String table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        long loaded = System.nanoTime(); // before reading: a change during the read counts as after it
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, EXTRA,"
                + " IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = rs.getString(4) == null ? "" : rs.getString(4);
                    columns.add(new ColumnInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                            GENERATED.matcher(extra).matches(), "YES".equalsIgnoreCase(rs.getString(5)),
                            rs.getString(6) != null, AUTO_INCREMENT.matcher(extra).matches()));
                }
            }
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND NON_UNIQUE = 0"
                + " ORDER BY INDEX_NAME = 'PRIMARY' DESC, INDEX_NAME, SEQ_IN_INDEX")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        // A functional key part (MySQL 8) has no column name: such a key cannot address a row.
        keys.values().removeIf(parts -> parts.contains(null));
        return new TableInfo(database, table, columns, new ArrayList<>(keys.values()), loaded);
    }
}
