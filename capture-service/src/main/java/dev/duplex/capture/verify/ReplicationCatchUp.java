package dev.duplex.capture.verify;

import dev.duplex.capture.source.SourceInspector;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Waits for the current replication delay: until each direction's target has applied its source
 * up to where the source's binlog ends now, so everything committed before the wait began has
 * arrived on the other node. A row that still differs then is not merely in flight.
 */
final class ReplicationCatchUp {
    private final TaskConfig config;
    private final SecretResolver secrets;

    ReplicationCatchUp(TaskConfig config, SecretResolver secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /**
     * Returns empty once both directions caught up, or why they did not within {@code timeout}
     * (the task is not running, or is slower than that).
     */
    Optional<String> await(Duration timeout) throws SQLException {
        Map<Direction, BinlogPosition> marks = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            NodeConfig source = config.node(d.sourceNode());
            NodeConnections connections = new NodeConnections(source, secrets);
            SourceInspector inspector = new SourceInspector(connections::open, source.address());
            marks.put(d, inspector.currentPosition(inspector.check().mariaDb()));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Direction d : Direction.values()) {
            try (Connection target = new NodeConnections(config.node(d.targetNode()), secrets).open()) {
                while (!applied(target, d, marks.get(d))) {
                    if (System.nanoTime() > deadline) {
                        return Optional.of("direction " + d.code() + " did not apply up to " + marks.get(d) + " within "
                                + timeout.toSeconds() + " s (is the task running?)");
                    }
                    sleep();
                }
            }
        }
        return Optional.empty();
    }

    private boolean applied(Connection target, Direction d, BinlogPosition mark) throws SQLException {
        return ApplyCheckpoints.latest(target, config.task(), d).map(p -> p.compareTo(mark) >= 0).orElse(false);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for replication to catch up", e);
        }
    }
}
