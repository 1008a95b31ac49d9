package dev.duplex.cli.local;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * Reads, from a direction's target database, where the source's capture resumes: after the last
 * batch the target applied, in that batch's chain. The local queue keeps nothing across a crash,
 * so a capture must resume from here rather than from its own checkpoint (which may be past
 * batches that were queued but never applied). With several message groups, from the group
 * furthest behind, and from the first transaction sent to a group that applied nothing yet (the
 * capture checkpoint keeps where each group's first one began): the other groups may have applied
 * far past it.
 */
final class AppliedPositions {
    private AppliedPositions() {}

    /** Empty when the target has applied nothing yet; creates or upgrades the duplex schema there. */
    static Optional<ResumePoint> lastApplied(TaskConfig config, Direction direction, SecretResolver secrets,
                                             Map<String, BinlogPosition> sentFrom) {
        var target = new NodeConnections(config.node(direction.targetNode()), secrets);
        try (Connection c = target.open(); Statement st = c.createStatement()) {
            DuplexSchema.create(st); // a target an older Duplex applied to lacks the chain columns
            return ApplyCheckpoints.earliestResumePoint(c, config.task(), direction, sentFrom);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the applied position of " + direction.code() + " from node "
                    + direction.targetNode() + ": " + e.getMessage(), e);
        }
    }

    /**
     * For a target that applied nothing of the direction: where the first transaction the capture
     * sent begins, if it sent any (all of it was lost with the queue). Empty when it sent nothing.
     */
    static Optional<ResumePoint> firstSent(Map<String, BinlogPosition> sentFrom) {
        return sentFrom.values().stream().min(BinlogPosition::compareTo).map(ResumePoint::at);
    }
}
