package dev.duplex.capture.snapshot;

import dev.duplex.core.error.RetriableException;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The direct full sync's progress on node b, {@code duplex.snapshot_progress}: one row per table
 * and snapshot, written in the same transaction as the chunk's rows, so node b holds a chunk's
 * rows exactly when it holds its progress. It is node b's truth a resumed copy starts from, and
 * the marker that makes node b's capture leave the chunk's transaction alone (loop prevention).
 */
final class TargetProgress {
    /** What node b holds of one table: {@code chunks} chunks, up to {@code lastKey} ("" before the first). */
    record Row(long chunks, long rows, String lastKey, boolean done) {
        static final Row NONE = new Row(0, 0, "", false);
    }

    private static final String TABLE = DuplexSchema.SCHEMA + "`.`" + DuplexSchema.SNAPSHOT_PROGRESS;

    private TargetProgress() {}

    /** Every table's row of one snapshot, by {@code db + '\0' + tbl}. */
    static Map<String, Row> read(Connection c, String task, String snapshot) throws SQLException {
        Map<String, Row> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT db, tbl, chunks, rows_done, last_key, done FROM `"
                + TABLE + "` WHERE task = ? AND snapshot = ?")) {
            ps.setString(1, task);
            ps.setString(2, snapshot);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(key(rs.getString(1), rs.getString(2)),
                            new Row(rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getBoolean(6)));
                }
            }
        }
        return out;
    }

    /**
     * Adds the missing rows of {@code tables} (0 chunks) and commits, before any chunk is written:
     * a chunk then locks an existing row only. Locking a missing row would lock the gap before it,
     * and two tables' first chunks, each inserting its row into that gap, would deadlock.
     */
    static void register(Connection c, String task, String snapshot, List<SnapshotTable> tables) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO `" + TABLE + "` (task, snapshot, db, tbl, "
                + "chunks, rows_done, last_key, done, updated_at) VALUES (?, ?, ?, ?, 0, 0, '', 0, UTC_TIMESTAMP(6))")) {
            for (SnapshotTable t : tables) {
                bindKey(ps, task, snapshot, t);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
    }

    /**
     * Forgets every direct copy of {@code task} on this node (a task reset): a new copy that happened
     * to start at the same position must not take the old one's tables as done. Returns how many rows.
     */
    static int delete(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM `" + TABLE + "` WHERE task = ?")) {
            ps.setString(1, task);
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146) {
                return 0; // a duplex schema from before direct copies: none was recorded
            }
            throw e;
        }
    }

    static String key(String database, String table) {
        return database + '\u0000' + table;
    }

    /**
     * Records one more chunk in the open transaction. The row is locked and its chunk count must
     * be {@code expectedChunks}: otherwise another copy (a capture that lost its lease, say) wrote
     * this table meanwhile, and committing would count rows twice, so nothing is committed.
     */
    static void advance(Connection c, String task, String snapshot, SnapshotTable t, long expectedChunks,
                        long rows, String lastKey, boolean done) throws SQLException {
        long found = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT chunks FROM `" + TABLE
                + "` WHERE task = ? AND snapshot = ? AND db = ? AND tbl = ? FOR UPDATE")) {
            bindKey(ps, task, snapshot, t);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found = rs.getLong(1);
                }
            }
        }
        if (found != expectedChunks) { // a missing row (found 0 of 0) cannot happen: register adds it first
            throw new RetriableException("full sync of " + t.qualifiedName() + ": node b holds " + found
                    + " chunks where this copy expected " + expectedChunks + "; another copy wrote the table "
                    + "meanwhile, so this chunk is not committed (the task resumes from node b's progress)");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE `" + TABLE + "` SET chunks = ?, rows_done = rows_done + ?,"
                + " last_key = ?, done = ?, updated_at = UTC_TIMESTAMP(6) WHERE task = ? AND snapshot = ? AND db = ? AND tbl = ?")) {
            ps.setLong(1, expectedChunks + 1);
            ps.setLong(2, rows);
            ps.setString(3, lastKey);
            ps.setBoolean(4, done);
            ps.setString(5, task);
            ps.setString(6, snapshot);
            ps.setString(7, t.database());
            ps.setString(8, t.table());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("progress row of " + t.qualifiedName() + " vanished on node b");
            }
        }
    }

    private static void bindKey(PreparedStatement ps, String task, String snapshot, SnapshotTable t)
            throws SQLException {
        ps.setString(1, task);
        ps.setString(2, snapshot);
        ps.setString(3, t.database());
        ps.setString(4, t.table());
    }
}
