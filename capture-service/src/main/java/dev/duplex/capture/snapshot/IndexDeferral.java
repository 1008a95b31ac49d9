package dev.duplex.capture.snapshot;

import static dev.duplex.core.sql.Identifiers.qualified;

import dev.duplex.core.sql.DeferredIndexes;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node b's non-unique secondary indexes of a table a direct full sync copies, built once, sorted,
 * after its copy instead of row by row during it (the fastest loaders do the same). Only a table
 * whose copy has not begun, that node b holds empty and that takes no part in a foreign key (as
 * child or parent) has them deferred; unique indexes stay (they are constraints), so do FULLTEXT
 * and SPATIAL ones. Each index's definition is taken from SHOW CREATE TABLE and recorded in
 * {@code duplex.deferred_index} on node b, committed, before the index is dropped; adding back
 * skips an index that exists (by name) and then forgets the record. So a crash anywhere between
 * recording, dropping, copying, adding back and forgetting leaves either the index or its record,
 * and the next run (or {@code duplex task reset}) finishes the job. Both statements carry
 * {@link DeferredIndexes#MARKER}: node b's capture never synchronizes them.
 */
final class IndexDeferral {
    private static final Logger LOG = LoggerFactory.getLogger(IndexDeferral.class);
    private static final String TABLE = DuplexSchema.SCHEMA + "`.`" + DuplexSchema.DEFERRED_INDEX;
    /** ALGORITHM or LOCK refused for this operation: asked again without. */
    private static final Set<Integer> REFUSED_ONLINE = Set.of(1845, 1846);
    private static final int NO_SUCH_TABLE = 1146;

    /** A table on node b, by its names there. */
    record Target(String database, String table) {
        String qualifiedName() {
            return database + "." + table;
        }

        private String key() {
            return (database + '\u0000' + table).toLowerCase(Locale.ROOT);
        }
    }

    /** One recorded index: its definition as SHOW CREATE TABLE printed it, and its place among the table's keys. */
    record Recorded(String name, int seq, String definition) {}

    private IndexDeferral() {}

    /**
     * Records and drops the deferrable indexes of each of {@code tables} (copy not begun) that node
     * b holds empty and that takes no part in a foreign key.
     *
     * @return the indexes dropped now, by table
     */
    static Map<Target, List<Recorded>> defer(Connection c, String task, String snapshot, List<Target> tables)
            throws SQLException {
        Map<Target, List<Recorded>> out = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return out;
        }
        Set<String> inForeignKeys = tablesInForeignKeys(c);
        for (Target t : tables) {
            if (inForeignKeys.contains(t.key()) || !isEmpty(c, t)) {
                continue;
            }
            List<Recorded> indexes = deferrable(c, t);
            if (indexes.isEmpty()) {
                continue;
            }
            record(c, task, snapshot, t, indexes);
            c.commit(); // recorded before dropped: a crash in between leaves the index and its record
            try (Statement st = c.createStatement()) {
                st.execute(DeferredIndexes.drop(t.database(), t.table(), indexes.stream().map(Recorded::name).toList()));
            }
            out.put(t, indexes);
        }
        return out;
    }

    /** What is recorded for {@code task} ({@code snapshot} null: of every snapshot), by table, in key order. */
    static Map<Target, List<Recorded>> recorded(Connection c, String task, String snapshot) throws SQLException {
        Map<Target, List<Recorded>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT db, tbl, name, seq, definition FROM `" + TABLE
                + "` WHERE task = ?" + (snapshot == null ? "" : " AND snapshot = ?") + " ORDER BY db, tbl, seq")) {
            ps.setString(1, task);
            if (snapshot != null) {
                ps.setString(2, snapshot);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(new Target(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                            .add(new Recorded(rs.getString(3), rs.getInt(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /**
     * Adds back, in one statement, the recorded indexes of {@code t} node b lacks, then forgets the
     * records ({@code snapshot} null: of every snapshot of the task).
     *
     * @return the indexes added (those that existed already are not)
     */
    static List<String> restore(Connection c, String task, String snapshot, Target t, List<Recorded> indexes)
            throws SQLException {
        List<String> added = new ArrayList<>();
        if (!exists(c, t)) {
            LOG.warn("task={} full sync: node b's table {} is gone; its deferred indexes {} are forgotten", task,
                    t.qualifiedName(), indexes.stream().map(Recorded::name).toList());
        } else {
            Set<String> present = indexNames(c, t);
            Map<String, Recorded> byName = new LinkedHashMap<>(); // one per name, should snapshots share a table
            indexes.stream().sorted(Comparator.comparingInt(Recorded::seq))
                    .forEach(i -> byName.putIfAbsent(i.name().toLowerCase(Locale.ROOT), i));
            List<Recorded> missing = byName.entrySet().stream().filter(e -> !present.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            if (!missing.isEmpty()) {
                List<String> definitions = missing.stream().map(Recorded::definition).toList();
                try (Statement st = c.createStatement()) {
                    try {
                        st.execute(DeferredIndexes.add(t.database(), t.table(), definitions, true));
                    } catch (SQLException e) {
                        if (!REFUSED_ONLINE.contains(e.getErrorCode())) {
                            throw e;
                        }
                        st.execute(DeferredIndexes.add(t.database(), t.table(), definitions, false));
                    }
                }
                missing.forEach(i -> added.add(i.name()));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM `" + TABLE + "` WHERE task = ?"
                + (snapshot == null ? "" : " AND snapshot = ?") + " AND db = ? AND tbl = ?")) {
            int i = 1;
            ps.setString(i++, task);
            if (snapshot != null) {
                ps.setString(i++, snapshot);
            }
            ps.setString(i++, t.database());
            ps.setString(i, t.table());
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            c.commit();
        }
        return added;
    }

    /** Adds back every index recorded for {@code task} on this node, then forgets them (duplex task reset). */
    static int restoreAll(Connection c, String task) throws SQLException {
        Map<Target, List<Recorded>> all;
        try {
            all = recorded(c, task, null);
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_TABLE) {
                return 0; // a duplex schema from before deferred indexes: none was recorded
            }
            throw e;
        }
        int added = 0;
        for (var e : all.entrySet()) {
            List<String> names = restore(c, task, null, e.getKey(), e.getValue());
            if (!names.isEmpty()) {
                LOG.info("task={} node b's deferred secondary indexes of {} added back: {}", task,
                        e.getKey().qualifiedName(), names);
            }
            added += names.size();
        }
        return added;
    }

    /** Non-unique BTREE secondary indexes with their KEY lines, in the order SHOW CREATE TABLE prints them. */
    private static List<Recorded> deferrable(Connection c, Target t) throws SQLException {
        Map<String, Boolean> candidates = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME, NON_UNIQUE, INDEX_TYPE FROM "
                + "information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    boolean ok = !"PRIMARY".equalsIgnoreCase(name) && rs.getLong(2) == 1
                            && "BTREE".equalsIgnoreCase(rs.getString(3));
                    candidates.merge(name, ok, Boolean::logicalAnd);
                }
            }
        }
        if (!candidates.containsValue(true)) {
            return List.of();
        }
        String create = showCreate(c, t);
        record Found(String name, int at, String definition) {}
        List<Found> found = new ArrayList<>();
        for (var e : candidates.entrySet()) {
            String definition = e.getValue() ? DeferredIndexes.definition(create, e.getKey()) : null;
            if (definition != null) {
                found.add(new Found(e.getKey(), create.indexOf(definition), definition));
            }
        }
        found.sort(Comparator.comparingInt(Found::at));
        List<Recorded> out = new ArrayList<>();
        for (Found f : found) {
            out.add(new Recorded(f.name(), out.size(), f.definition()));
        }
        return out;
    }

    private static void record(Connection c, String task, String snapshot, Target t, List<Recorded> indexes)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO `" + TABLE + "` (task, snapshot, db, tbl,"
                + " name, seq, definition, dropped_at) VALUES (?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))")) {
            for (Recorded i : indexes) {
                ps.setString(1, task);
                ps.setString(2, snapshot);
                ps.setString(3, t.database());
                ps.setString(4, t.table());
                ps.setString(5, i.name());
                ps.setInt(6, i.seq());
                ps.setString(7, i.definition());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Tables (lower-cased keys) that hold a foreign key or are referenced by one, in any database. */
    private static Set<String> tablesInForeignKeys(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT CONSTRAINT_SCHEMA, TABLE_NAME, UNIQUE_CONSTRAINT_SCHEMA, "
                    + "REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS")) {
                addPairs(rs, out);
            }
            try (ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME, REFERENCED_TABLE_SCHEMA, "
                    + "REFERENCED_TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE REFERENCED_TABLE_NAME IS NOT NULL")) {
                addPairs(rs, out);
            }
        }
        return out;
    }

    private static void addPairs(ResultSet rs, Set<String> out) throws SQLException {
        while (rs.next()) {
            out.add(new Target(rs.getString(1), rs.getString(2)).key());
            if (rs.getString(3) != null && rs.getString(4) != null) {
                out.add(new Target(rs.getString(3), rs.getString(4)).key());
            }
        }
    }

    private static boolean isEmpty(Connection c, Target t) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT 1 FROM " + qualified(t.database(), t.table()) + " LIMIT 1")) {
            return !rs.next();
        }
    }

    private static boolean exists(Connection c, Target t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ?")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The table's index names, lower-cased (MySQL compares them ignoring case). */
    private static Set<String> indexNames(Connection c, Target t) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static String showCreate(Connection c, Target t) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + qualified(t.database(), t.table()))) {
            rs.next();
            return rs.getString(2);
        }
    }
}
