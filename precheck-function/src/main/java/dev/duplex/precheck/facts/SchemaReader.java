package dev.duplex.precheck.facts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads tables (with their engines), columns, keys, foreign keys and triggers of some databases
 * from information_schema, one query per kind, so a run costs the same for 5 or 1,000 tables.
 */
public final class SchemaReader {

    private final Connection connection;
    private final boolean ignoreCase;

    public SchemaReader(Connection connection, boolean ignoreCase) {
        this.connection = connection;
        this.ignoreCase = ignoreCase;
    }

    public SchemaFacts read(Collection<String> databases) throws SQLException {
        Set<String> wanted = new LinkedHashSet<>();
        databases.forEach(d -> wanted.add(key(d)));
        Set<String> present = new LinkedHashSet<>();
        query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA", List.of(), rs -> {
            String name = rs.getString(1);
            if (wanted.contains(key(name))) {
                present.add(name);
            }
        });
        if (present.isEmpty()) {
            return new SchemaFacts(ignoreCase, present, List.of());
        }
        List<String> dbs = List.copyOf(present);
        Map<String, Builder> tables = tables(dbs);
        columns(dbs, tables);
        indexes(dbs, tables);
        foreignKeys(dbs, tables);
        triggers(dbs, tables);
        return new SchemaFacts(ignoreCase, present, tables.values().stream().map(Builder::build).toList());
    }

    private Map<String, Builder> tables(List<String> dbs) throws SQLException {
        Map<String, Builder> out = new LinkedHashMap<>();
        query("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA IN "
                + in(dbs) + " ORDER BY TABLE_SCHEMA, TABLE_NAME", dbs, rs -> {
                    Builder b = new Builder(rs.getString(1), rs.getString(2), rs.getString(3).contains("VIEW"),
                            rs.getString(4), rs.getString(3));
                    out.put(tableKey(b.db, b.name), b);
                });
        return out;
    }

    private void columns(List<String> dbs, Map<String, Builder> tables) throws SQLException {
        query("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, EXTRA"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN " + in(dbs)
                + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION", dbs, rs -> {
                    Builder b = tables.get(tableKey(rs.getString(1), rs.getString(2)));
                    if (b != null) {
                        String extra = String.valueOf(rs.getString(7)).toUpperCase(Locale.ROOT);
                        b.columns.add(new TableFacts.Column(rs.getString(3), rs.getString(4),
                                "YES".equals(rs.getString(5)), rs.getString(6), extra.contains("INVISIBLE")));
                    }
                });
    }

    private void indexes(List<String> dbs, Map<String, Builder> tables) throws SQLException {
        Map<String, Map<String, List<String>>> columns = new LinkedHashMap<>();
        Map<String, Boolean> unique = new HashMap<>();
        query("SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA IN " + in(dbs) + " ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
                dbs, rs -> {
                    String t = tableKey(rs.getString(1), rs.getString(2));
                    String index = rs.getString(3);
                    columns.computeIfAbsent(t, k -> new LinkedHashMap<>()).computeIfAbsent(index, k -> new ArrayList<>())
                            .add(rs.getString(5));
                    unique.put(t + "\0" + index, rs.getInt(4) == 0);
                });
        columns.forEach((t, byIndex) -> {
            Builder b = tables.get(t);
            if (b != null) {
                byIndex.forEach((name, cols) -> b.indexes.add(new TableFacts.Index(name, unique.get(t + "\0" + name), cols)));
            }
        });
    }

    private void foreignKeys(List<String> dbs, Map<String, Builder> tables) throws SQLException {
        Map<String, FkBuilder> fks = new LinkedHashMap<>();
        query("SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
                + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE"
                + " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
                + " AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA IN " + in(dbs) + " AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION", dbs, rs -> {
                    String t = tableKey(rs.getString(1), rs.getString(2));
                    FkBuilder fk = fks.computeIfAbsent(t + "\0" + rs.getString(3), k -> new FkBuilder(t));
                    fk.set(rs);
                });
        for (FkBuilder fk : fks.values()) {
            Builder b = tables.get(fk.table);
            if (b != null) {
                b.foreignKeys.add(fk.build());
            }
        }
    }

    private void triggers(List<String> dbs, Map<String, Builder> tables) throws SQLException {
        query("SELECT EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME, EVENT_MANIPULATION, ACTION_TIMING"
                + " FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN " + in(dbs)
                + " ORDER BY EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME", dbs, rs -> {
                    Builder b = tables.get(tableKey(rs.getString(1), rs.getString(2)));
                    if (b != null) {
                        b.triggers.add(new TableFacts.Trigger(rs.getString(3), rs.getString(4), rs.getString(5)));
                    }
                });
    }

    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<String> params, RowConsumer rows) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setQueryTimeout(FactsReader.QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < params.size(); i++) {
                s.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.accept(rs);
                }
            }
        }
    }

    private static String in(List<String> values) {
        return "(" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")";
    }

    private String key(String name) {
        return ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
    }

    private String tableKey(String db, String table) {
        return key(db) + "\0" + key(table);
    }

    private static final class Builder {
        final String db;
        final String name;
        final boolean view;
        final String engine;
        final String type;
        final List<TableFacts.Column> columns = new ArrayList<>();
        final List<TableFacts.Index> indexes = new ArrayList<>();
        final List<TableFacts.ForeignKey> foreignKeys = new ArrayList<>();
        final List<TableFacts.Trigger> triggers = new ArrayList<>();

        Builder(String db, String name, boolean view, String engine, String type) {
            this.db = db;
            this.name = name;
            this.view = view;
            this.engine = engine;
            this.type = type;
        }

        TableFacts build() {
            return new TableFacts(db, name, view, engine, type, columns, indexes, foreignKeys, triggers);
        }
    }

    private static final class FkBuilder {
        final String table;
        String name;
        String refDb;
        String refTable;
        String updateRule;
        String deleteRule;
        final List<String> columns = new ArrayList<>();
        final List<String> refColumns = new ArrayList<>();

        FkBuilder(String table) {
            this.table = table;
        }

        void set(ResultSet rs) throws SQLException {
            name = rs.getString(3);
            columns.add(rs.getString(4));
            refDb = rs.getString(5);
            refTable = rs.getString(6);
            refColumns.add(rs.getString(7));
            updateRule = rs.getString(8);
            deleteRule = rs.getString(9);
        }

        TableFacts.ForeignKey build() {
            return new TableFacts.ForeignKey(name, columns, refDb, refTable, refColumns, updateRule, deleteRule);
        }
    }
}
