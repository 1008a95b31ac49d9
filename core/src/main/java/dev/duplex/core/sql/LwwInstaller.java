package dev.duplex.core.sql;

import dev.duplex.core.sql.LwwObjects.KeyColumn;
import dev.duplex.core.sql.LwwObjects.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds, on one node, which of the last-writer-wins objects ({@link LwwObjects}) a table still
 * lacks, and creates them. Idempotent: a second run finds nothing missing. The version column is
 * added under time zone UTC, so the initial version is the same instant on both nodes.
 */
public final class LwwInstaller {
    private final Connection c;

    public LwwInstaller(Connection c) {
        this.c = c;
    }

    /**
     * The table as last-writer-wins sees it, or empty if it has no primary key (the caller
     * reports that: without a key no version can be kept per row).
     */
    public Optional<LwwObjects.Table> describe(String database, String table, String versionColumn, boolean ownColumn)
            throws SQLException {
        List<KeyColumn> key = new ArrayList<>();
        String sql = "SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.CHARACTER_SET_NAME, c.COLLATION_NAME"
                + " FROM information_schema.STATISTICS s JOIN information_schema.COLUMNS c"
                + " ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
                + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.INDEX_NAME = 'PRIMARY' ORDER BY s.SEQ_IN_INDEX";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    if (rs.getString(3) != null) {
                        type += " CHARACTER SET " + rs.getString(3) + " COLLATE " + rs.getString(4);
                    }
                    key.add(new KeyColumn(rs.getString(1), type));
                }
            }
        }
        return key.isEmpty() ? Optional.empty()
                : Optional.of(new LwwObjects.Table(database, table, key, versionColumn, ownColumn));
    }

    /** Whether the base table exists on this node. */
    public boolean exists(String database, String table) throws SQLException {
        return exists("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND " + TableTypes.STORED, database, table);
    }

    /** The steps {@code t} still needs on this node, in the order to run them. */
    public List<Step> missing(LwwObjects.Table t) throws SQLException {
        List<Step> out = new ArrayList<>();
        if (t.ownColumn() && !exists("SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND COLUMN_NAME = ?", t.database(), t.table(), t.versionColumn())) {
            out.addAll(LwwObjects.versionColumn(t));
        }
        if (!exists("SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                DuplexSchema.SCHEMA, LwwObjects.tombstoneTable(t.database(), t.table()))) {
            out.add(LwwObjects.tombstones(t));
        }
        List<Step> triggers = LwwObjects.triggers(t);
        String[] kinds = {"bi", "bu", "ad"};
        for (int i = 0; i < kinds.length; i++) {
            if (!exists("SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? AND TRIGGER_NAME = ?",
                    t.database(), LwwObjects.triggerName(t.table(), kinds[i]))) {
                out.add(triggers.get(i));
            }
        }
        return out;
    }

    /** Runs what {@code t} still lacks; returns what it ran. */
    public List<Step> install(LwwObjects.Table t) throws SQLException {
        List<Step> steps = missing(t);
        if (steps.isEmpty()) {
            return steps;
        }
        try (Statement s = c.createStatement()) {
            DuplexSchema.create(s);
            s.execute("SET time_zone = '+00:00'");
            for (Step step : steps) {
                s.execute(step.sql());
            }
        }
        return steps;
    }

    private boolean exists(String sql, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
