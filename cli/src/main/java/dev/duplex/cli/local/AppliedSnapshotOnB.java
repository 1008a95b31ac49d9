package dev.duplex.cli.local;

import dev.duplex.capture.snapshot.AppliedSnapshot;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.CheckpointKey;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How far node b applied the snapshot, read from its {@code duplex.apply_checkpoint}: the local
 * queue loses its messages in a crash, so full sync's progress must count only what node b has.
 * Used by the forward capture's thread only; keeps one connection, opened again after a failure.
 */
final class AppliedSnapshotOnB implements AppliedSnapshot, AutoCloseable {
    private final TaskConfig config;
    private final NodeConnections b;
    private Connection connection;

    AppliedSnapshotOnB(TaskConfig config, SecretResolver secrets) {
        this.config = config;
        this.b = new NodeConnections(config.b(), secrets);
    }

    @Override
    public long appliedChunk(BinlogPosition start) {
        try {
            if (connection == null) {
                connection = b.open();
                connection.setAutoCommit(true);
            }
            var key = new CheckpointKey(config.task(), Direction.A2B, QueueNames.defaultGroup(Direction.A2B));
            return ApplyCheckpoints.read(connection, key).map(a -> chunkOf(a.seq(), start)).orElse(NONE);
        } catch (SQLException e) {
            close();
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) {
                return NONE; // no duplex schema yet: node b applied nothing
            }
            throw new RetriableException("cannot read how far node b applied the full sync: " + e.getMessage(),
                    null, e.getErrorCode(), e);
        }
    }

    /** The chunk index of an applied seq; ALL once node b applied anything after the snapshot. */
    static long chunkOf(Seq applied, BinlogPosition start) {
        Seq first = Seq.ofSnapshotChunk(start, 0);
        if (applied.compareTo(first) < 0) {
            return NONE;
        }
        boolean snapshot = applied.phase() == Seq.SNAPSHOT && applied.file() == first.file()
                && applied.pos() == first.pos();
        return snapshot ? applied.sub() : ALL;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Dropped because it failed or at shutdown; nothing to do about a second failure.
            }
            connection = null;
        }
    }
}
