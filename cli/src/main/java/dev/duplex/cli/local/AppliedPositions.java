package dev.duplex.cli.local;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Reads, from a direction's target database, the source position of the last batch it applied.
 * The local queue keeps nothing across a crash, so a capture must resume from here rather than
 * from its own checkpoint (which may be past batches that were queued but never applied).
 */
final class AppliedPositions {
    private static final String QUERY = """
            SELECT source_file, source_pos, source_gtid FROM duplex.apply_checkpoint
            WHERE task = ? AND direction = ? AND source_file <> '' ORDER BY source_file, source_pos""";

    private AppliedPositions() {}

    /** Empty when the target has applied nothing yet (or has no duplex schema). */
    static Optional<BinlogPosition> lastApplied(TaskConfig config, Direction direction, SecretResolver secrets) {
        var target = new NodeConnections(config.node(direction.targetNode()), secrets);
        try (Connection c = target.open(); PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, config.task());
            ps.setString(2, direction.code());
            try (ResultSet rs = ps.executeQuery()) {
                // Several groups would each have their own position; the earliest is safe for all.
                BinlogPosition earliest = null;
                while (rs.next()) {
                    var p = new BinlogPosition(rs.getString(1), rs.getLong(2), rs.getString(3));
                    earliest = earliest == null || p.compareTo(earliest) < 0 ? p : earliest;
                }
                return Optional.ofNullable(earliest);
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return Optional.empty(); // no duplex schema yet: nothing was ever applied there
            }
            throw new IllegalStateException("cannot read the applied position of " + direction.code() + " from node "
                    + direction.targetNode() + ": " + e.getMessage(), e);
        }
    }
}
