package dev.duplex.capture.source;

import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.core.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link SchemaCatalog} over information_schema, on one lazily opened connection. */
public final class JdbcSchemaCatalog implements SchemaCatalog, AutoCloseable {
    private static final Pattern JSON_CHECK = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)", Pattern.CASE_INSENSITIVE);

    private static final int ER_NO_SUCH_TABLE = 1146;

    private final ConnectionFactory connections;
    private final boolean mariaDb;
    private Connection connection;

    public JdbcSchemaCatalog(ConnectionFactory connections, boolean mariaDb) {
        this.connections = connections;
        this.mariaDb = mariaDb;
    }

    @Override
    public Optional<CatalogTable> table(String db, String table) {
        try {
            Set<String> json = mariaDb ? mariaDbJsonColumns(db, table) : Set.of();
            List<CatalogTable.Column> columns = columns(db, table, json);
            if (columns.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(keys(db, table, columns, kind(db, table)));
        } catch (SQLException e) {
            closeQuietly();
            throw SqlFailures.wrap("cannot read information_schema for " + db + "." + table, e);
        }
    }

    @Override
    public boolean holdsRows(String db, String table) {
        boolean[] any = {false};
        try {
            query("SELECT 1 FROM " + Identifiers.qualified(db, table) + " LIMIT 1", List.of(), rs -> any[0] = true);
            return any[0];
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_NO_SUCH_TABLE) {
                return false;
            }
            closeQuietly();
            throw SqlFailures.wrap("cannot read whether " + db + "." + table + " holds rows", e);
        }
    }

    @Override
    public Map<Integer, String> collations() {
        return byCollationId("CHARACTER_SET_NAME", "CHARACTER_SET_NAME");
    }

    @Override
    public Map<Integer, String> collationNames() {
        // MariaDB's UCA 14.0 collations have their full names (utf8mb4_uca1400_ai_ci) in FULL_COLLATION_NAME.
        return byCollationId("COLLATION_NAME", "FULL_COLLATION_NAME");
    }

    /** {@code column} of each collation by its id; on MariaDB also {@code mariaDbColumn} of the applicability table. */
    private Map<Integer, String> byCollationId(String column, String mariaDbColumn) {
        Map<Integer, String> out = new HashMap<>();
        try {
            query("SELECT ID, " + column + " FROM information_schema.COLLATIONS WHERE ID IS NOT NULL", List.of(),
                    rs -> out.put(rs.getInt(1), rs.getString(2)));
            if (mariaDb) {
                // MariaDB 10.10+ lists the ids of UCA 14.0 collations only here.
                try {
                    query("SELECT ID, " + mariaDbColumn + " FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY"
                            + " WHERE ID IS NOT NULL", List.of(), rs -> out.put(rs.getInt(1), rs.getString(2)));
                } catch (SQLException olderServer) {
                    // Before 10.10 that table has no ID column; COLLATIONS had them all.
                }
            }
            return out;
        } catch (SQLException e) {
            closeQuietly();
            throw SqlFailures.wrap("cannot read the server's collations", e);
        }
    }

    private List<CatalogTable.Column> columns(String db, String table, Set<String> json) throws SQLException {
        List<CatalogTable.Column> columns = new ArrayList<>();
        query("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, EXTRA FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION", List.of(db, table), rs -> {
                    String extra = rs.getString(5) == null ? "" : rs.getString(5).toUpperCase(Locale.ROOT);
                    boolean generated = extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                            || extra.contains("PERSISTENT GENERATED");
                    String name = rs.getString(1);
                    columns.add(new CatalogTable.Column(name, rs.getString(2), rs.getString(3), rs.getString(4),
                            generated, json.contains(name.toLowerCase(Locale.ROOT))));
                });
        return columns;
    }

    /** information_schema.TABLES.ENGINE and TABLE_TYPE; both null when the server has no row for the table. */
    private record Kind(String engine, String type) {}

    /**
     * The table's storage engine and type: capture refuses a selected table whose engine is not
     * transactional, a system-versioned one and a sequence.
     */
    private Kind kind(String db, String table) throws SQLException {
        Kind[] kind = {new Kind(null, null)};
        query("SELECT ENGINE, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                List.of(db, table), rs -> kind[0] = new Kind(rs.getString(1), rs.getString(2)));
        return kind[0];
    }

    /** Primary key, then unique keys over NOT NULL columns; the server's own choice of "primary" goes first. */
    private CatalogTable keys(String db, String table, List<CatalogTable.Column> columns, Kind kind)
            throws SQLException {
        Map<String, List<String>> unique = new LinkedHashMap<>();
        Set<String> nullableIndexes = new HashSet<>();
        query("SELECT INDEX_NAME, COLUMN_NAME, NULLABLE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? "
                + "AND TABLE_NAME = ? AND NON_UNIQUE = 0 ORDER BY INDEX_NAME, SEQ_IN_INDEX", List.of(db, table), rs -> {
                    unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                    if ("YES".equalsIgnoreCase(rs.getString(3))) {
                        nullableIndexes.add(rs.getString(1));
                    }
                });
        List<String> primary = unique.getOrDefault("PRIMARY", List.of());
        List<List<String>> notNull = new ArrayList<>();
        unique.forEach((name, cols) -> {
            if (!name.equals("PRIMARY") && !nullableIndexes.contains(name)) {
                notNull.add(List.copyOf(cols));
            }
        });
        return new CatalogTable(columns, primary, notNull, kind.engine(), kind.type());
    }

    private Set<String> mariaDbJsonColumns(String db, String table) throws SQLException {
        Set<String> json = new HashSet<>();
        query("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? "
                + "AND TABLE_NAME = ?", List.of(db, table), rs -> {
                    Matcher m = JSON_CHECK.matcher(rs.getString(1));
                    if (m.find()) {
                        json.add(m.group(1).replace("``", "`").toLowerCase(Locale.ROOT));
                    }
                });
        return json;
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<String> params, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    private Connection connection() {
        if (connection == null) {
            connection = connections.open();
        }
        return connection;
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is being dropped because it failed; a second failure adds nothing.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
