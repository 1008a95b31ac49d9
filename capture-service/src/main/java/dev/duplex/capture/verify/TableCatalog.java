package dev.duplex.capture.verify;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.TableTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Lists the tables a task synchronizes, with their key and compared columns, from node a. */
final class TableCatalog {
    private TableCatalog() {}

    static List<TablePair> selectedTables(TaskConfig config, Connection a) throws SQLException {
        List<TablePair> out = new ArrayList<>();
        for (DatabaseSelection db : config.objects().databases()) {
            for (String table : baseTables(a, db.name())) {
                TableSelection sel = config.selectionFor(db.name(), table);
                if (sel != null) {
                    out.add(pair(config, a, db.name(), table, sel));
                }
            }
        }
        return out;
    }

    /** Node a's estimate of the rows of {@code tables} (information_schema.TABLES.TABLE_ROWS). */
    static long estimatedRows(Connection a, List<TablePair> tables) throws SQLException {
        long rows = 0;
        for (TablePair t : tables) {
            try (PreparedStatement ps = a.prepareStatement("SELECT TABLE_ROWS FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
                ps.setString(1, t.dbA());
                ps.setString(2, t.tableA());
                try (ResultSet rs = ps.executeQuery()) {
                    rows += rs.next() ? Math.max(0, rs.getLong(1)) : 0;
                }
            }
        }
        return rows;
    }

    private static TablePair pair(TaskConfig config, Connection a, String db, String table, TableSelection sel)
            throws SQLException {
        List<String> key = keyColumns(a, db, table);
        if (key.isEmpty()) {
            throw new IllegalStateException(db + "." + table + " has no primary or unique key, so rows cannot be "
                    + "matched across nodes: add a primary key (precheck reports this too)");
        }
        List<String> cols = new ArrayList<>(key);
        for (String c : sel.allColumns() ? columns(a, db, table) : sel.columns()) {
            if (key.stream().noneMatch(k -> k.equalsIgnoreCase(c))) {
                cols.add(c);
            }
        }
        boolean whole = sel.allColumns() && sel.where().isAll();
        return new TablePair(db, table, config.targetDatabaseName(db), config.targetTableName(db, table),
                cols, key, sel.where(), whole);
    }

    private static List<String> baseTables(Connection c, String db) throws SQLException {
        return strings(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
                + "AND " + TableTypes.STORED + " ORDER BY TABLE_NAME", db, null);
    }

    /** Every column the table stores, invisible ones too; generated ones are computed on each node. */
    static List<String> columns(Connection c, String db, String table) throws SQLException {
        // Generated columns are computed on each node, not synchronized: comparing them adds nothing.
        return strings(c, "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? "
                + "AND EXTRA NOT LIKE '%GENERATED%' ORDER BY ORDINAL_POSITION", db, table);
    }

    /** The primary key, else the first unique key whose columns are all NOT NULL. */
    private static List<String> keyColumns(Connection c, String db, String table) throws SQLException {
        String q = "SELECT s.INDEX_NAME, s.COLUMN_NAME FROM information_schema.STATISTICS s "
                + "JOIN information_schema.COLUMNS col ON col.TABLE_SCHEMA = s.TABLE_SCHEMA "
                + "AND col.TABLE_NAME = s.TABLE_NAME AND col.COLUMN_NAME = s.COLUMN_NAME "
                + "WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 "
                + "AND s.INDEX_NAME NOT IN (SELECT s2.INDEX_NAME FROM information_schema.STATISTICS s2 "
                + "  JOIN information_schema.COLUMNS c2 ON c2.TABLE_SCHEMA = s2.TABLE_SCHEMA AND c2.TABLE_NAME = s2.TABLE_NAME "
                + "  AND c2.COLUMN_NAME = s2.COLUMN_NAME WHERE s2.TABLE_SCHEMA = s.TABLE_SCHEMA "
                + "  AND s2.TABLE_NAME = s.TABLE_NAME AND c2.IS_NULLABLE = 'YES') "
                + "ORDER BY s.INDEX_NAME <> 'PRIMARY', s.INDEX_NAME, s.SEQ_IN_INDEX";
        List<String> key = new ArrayList<>();
        String chosen = null;
        try (PreparedStatement ps = c.prepareStatement(q)) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    chosen = chosen == null ? rs.getString(1) : chosen;
                    if (chosen.equals(rs.getString(1))) {
                        key.add(rs.getString(2));
                    }
                }
            }
        }
        return key;
    }

    private static List<String> strings(Connection c, String sql, String p1, String p2) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p1);
            if (p2 != null) {
                ps.setString(2, p2);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
