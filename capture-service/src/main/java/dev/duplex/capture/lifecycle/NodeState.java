package dev.duplex.capture.lifecycle;

import dev.duplex.capture.snapshot.DirectCopy;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.ApplyLanes;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a task keeps in a node's {@code duplex} schema, for {@code duplex task reset}: how far the
 * node applied (apply checkpoints and parallel-apply lane records) and how far a direct full sync
 * copied into it. Forgetting them makes the task's next start begin anew on that node.
 */
public final class NodeState {
    private NodeState() {}

    /** Deletes the task's rows; returns how many apply checkpoints and copy-progress rows went. */
    public static int forget(Connection node, String task) throws SQLException {
        int rows = ApplyCheckpoints.delete(node, task);
        forgetLanes(node, task);
        return rows + DirectCopy.forget(node, task); // the next start copies again
    }

    /** Lane records name seqs a new run may reuse: applied-before there, they would be skipped. */
    private static void forgetLanes(Connection node, String task) throws SQLException {
        try {
            ApplyLanes.delete(node, task);
        } catch (SQLException e) {
            if (e.getErrorCode() != 1146) { // a duplex schema from before parallel apply: no lane records
                throw e;
            }
        }
    }
}
