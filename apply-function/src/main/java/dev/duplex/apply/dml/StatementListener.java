package dev.duplex.apply.dml;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Called after each row statement of a message has run, before the commit (and after each lane's commit). Production code
 * passes {@link #NONE}; tests use it to break the connection half-way through a message.
 */
@FunctionalInterface
public interface StatementListener {
    StatementListener NONE = (connection, count) -> { };

    /** @param count statements run so far in the current message (attempt) */
    void afterStatement(Connection connection, int count) throws SQLException;

    /**
     * Called after lane {@code lane} of a parallel apply committed, before the group's checkpoint
     * moves: tests fail here to stand for a process that dies between two lane commits.
     */
    default void afterLaneCommit(int lane) throws SQLException {
    }
}
