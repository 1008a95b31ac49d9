package dev.duplex.capture.snapshot;

import dev.duplex.core.error.RetriableException;
import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
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
        if (found != expectedChunks) {
            throw new RetriableException("full sync of " + t.qualifiedName() + ": node b holds " + found
                    + " chunks where this copy expected " + expectedChunks + "; another copy wrote the table "
                    + "meanwhile, so this chunk is not committed (the task resumes from node b's progress)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO `" + TABLE + "` (task, snapshot, db, tbl, chunks,"
                + " rows_done, last_key, done, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE"
                + " chunks = VALUES(chunks), rows_done = rows_done + VALUES(rows_done), last_key = VALUES(last_key),"
                + " done = VALUES(done), updated_at = VALUES(updated_at)")) {
            bindKey(ps, task, snapshot, t);
            ps.setLong(5, expectedChunks + 1);
            ps.setLong(6, rows);
            ps.setString(7, lastKey);
            ps.setBoolean(8, done);
            ps.executeUpdate();
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
