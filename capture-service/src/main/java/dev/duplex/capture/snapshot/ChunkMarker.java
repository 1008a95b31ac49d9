package dev.duplex.capture.snapshot;

import dev.duplex.core.sql.DuplexSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The first row of every chunk's transaction on node b, in {@code duplex.snapshot_writer}: one row
 * per task and writer, its count raised by each chunk. A row change there marks the transaction as
 * Duplex's own, as the progress row written at the chunk's end ({@link TargetProgress}) does; being
 * first, it lets node b's capture pass the chunk's rows by with only their table id read
 * ({@code reader.OwnTransactions}) instead of decoding every one of them before it meets the
 * progress row. A row per writer, so that writers never wait for each other's lock.
 */
final class ChunkMarker {
    private static final String TABLE = "`" + DuplexSchema.SCHEMA + "`.`" + DuplexSchema.SNAPSHOT_WRITER + "`";

    private ChunkMarker() {}

    /** Writes the mark in the open transaction; the row is added on a writer's first chunk. */
    static void mark(Connection c, String task, int writer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (task, writer, chunks) VALUES (?, ?, 1)"
                + " ON DUPLICATE KEY UPDATE chunks = chunks + 1")) {
            ps.setString(1, task);
            ps.setInt(2, writer);
            ps.executeUpdate();
        }
    }

    /** Forgets the writers of {@code task} on this node (a task reset). */
    static void delete(Connection c, String task) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE task = ?")) {
            ps.setString(1, task);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146) {
                throw e; // 1146: a duplex schema from before the mark, nothing to forget
            }
        }
    }
}
