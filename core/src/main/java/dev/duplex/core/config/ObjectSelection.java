package dev.duplex.core.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The selected databases and tables, indexed for the per-row lookups of capture and apply.
 * Immutable; equality is that of the database list. Names are matched exactly as MySQL reports
 * them in the binlog; reverse lookups (node b names back to node a) ignore case because
 * capitalization may have changed it.
 */
public final class ObjectSelection {

    private final List<DatabaseSelection> databases;
    private final Map<String, DatabaseSelection> byName = new HashMap<>();
    private final Map<String, Map<String, TableSelection>> tablesByName = new HashMap<>();
    private final Map<Capitalization, Reverse> reverse = new ConcurrentHashMap<>();

    public ObjectSelection(List<DatabaseSelection> databases) {
        this.databases = List.copyOf(databases);
        for (DatabaseSelection d : this.databases) {
            if (byName.putIfAbsent(d.name(), d) != null) {
                throw new IllegalArgumentException("database " + d.name() + " is selected twice");
            }
            Map<String, TableSelection> tables = new HashMap<>();
            for (TableSelection t : d.tables()) {
                if (tables.putIfAbsent(t.name(), t) != null) {
                    throw new IllegalArgumentException("table " + d.name() + "." + t.name() + " is selected twice");
                }
            }
            tablesByName.put(d.name(), Map.copyOf(tables));
        }
    }

    public List<DatabaseSelection> databases() {
        return databases;
    }

    /** The selection of database {@code db}, or null. */
    public DatabaseSelection database(String db) {
        return byName.get(db);
    }

    /** The selection of {@code db.table}, or null; a whole-database selection selects every table. */
    public TableSelection table(String db, String table) {
        DatabaseSelection d = byName.get(db);
        if (d == null) {
            return null;
        }
        return d.isWholeDatabase() ? TableSelection.whole(table) : tablesByName.get(db).get(table);
    }

    /** Number of tables listed by name (whole-database selections count none). */
    public int listedTableCount() {
        return databases.stream().mapToInt(d -> d.tables().size()).sum();
    }

    /** The name a database gets on node b. */
    static String targetName(DatabaseSelection d, Capitalization cap) {
        return d.renameTo() != null ? d.renameTo() : cap.apply(d.name());
    }

    static String targetName(TableSelection t, Capitalization cap) {
        return t.renameTo() != null ? t.renameTo() : cap.apply(t.name());
    }

    /** The node-a database whose node-b name is {@code targetDb}, or null. */
    public DatabaseSelection databaseByTarget(String targetDb, Capitalization cap) {
        return reverse.computeIfAbsent(cap, this::buildReverse).databases.get(key(targetDb));
    }

    /**
     * The node-a table whose node-b name is {@code targetDb.targetTable}, or null if not selected.
     * In a whole database, a table keeps the name it has on node b: its original capitalization
     * is not knowable, so with capitalization other than as-source node a must compare names
     * without case (lower_case_table_names=1).
     */
    public TableRef sourceOf(String targetDb, String targetTable, Capitalization cap) {
        Reverse r = reverse.computeIfAbsent(cap, this::buildReverse);
        DatabaseSelection d = r.databases.get(key(targetDb));
        if (d == null) {
            return null;
        }
        if (d.isWholeDatabase()) {
            return new TableRef(d.name(), targetTable);
        }
        TableSelection t = r.tables.get(d.name()).get(key(targetTable));
        return t == null ? null : new TableRef(d.name(), t.name());
    }

    private Reverse buildReverse(Capitalization cap) {
        Map<String, DatabaseSelection> dbs = new HashMap<>();
        Map<String, Map<String, TableSelection>> tables = new HashMap<>();
        for (DatabaseSelection d : databases) {
            dbs.putIfAbsent(key(targetName(d, cap)), d);
            Map<String, TableSelection> byTarget = new HashMap<>();
            d.tables().forEach(t -> byTarget.putIfAbsent(key(targetName(t, cap)), t));
            tables.put(d.name(), byTarget);
        }
        return new Reverse(dbs, tables);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private record Reverse(Map<String, DatabaseSelection> databases, Map<String, Map<String, TableSelection>> tables) {}

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectSelection s && s.databases.equals(databases);
    }

    @Override
    public int hashCode() {
        return databases.hashCode();
    }

    @Override
    public String toString() {
        return "ObjectSelection" + databases;
    }
}
