package dev.duplex.cli.local;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Reads, from a direction's target database, where the source's capture resumes: after the last
 * batch the target applied, in that batch's chain. The local queue keeps nothing across a crash,
 * so a capture must resume from here rather than from its own checkpoint (which may be past
 * batches that were queued but never applied).
 */
final class AppliedPositions {
    private AppliedPositions() {}

    /** Empty when the target has applied nothing yet; creates or upgrades the duplex schema there. */
    static Optional<ResumePoint> lastApplied(TaskConfig config, Direction direction, SecretResolver secrets) {
        var target = new NodeConnections(config.node(direction.targetNode()), secrets);
        try (Connection c = target.open(); Statement st = c.createStatement()) {
            DuplexSchema.create(st); // a target an older Duplex applied to lacks the chain columns
            return ApplyCheckpoints.earliestResumePoint(c, config.task(), direction);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the applied position of " + direction.code() + " from node "
                    + direction.targetNode() + ": " + e.getMessage(), e);
        }
    }
}
