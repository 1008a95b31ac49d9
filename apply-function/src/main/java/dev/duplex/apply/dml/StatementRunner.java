package dev.duplex.apply.dml;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.Value;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs the row statements of one message on the target. {@link DirectRunner} runs each one and
 * answers its real count, one round trip per statement, so every anomaly is seen where it happens
 * and decided on its own row. {@link PipelinedRunner} sends them in few round trips and answers
 * the count a conflict-free apply would see; it throws {@link ExactApplyNeeded} at the first
 * anomaly, and the message is applied again with a {@link DirectRunner}.
 */
sealed interface StatementRunner permits DirectRunner, PipelinedRunner {
    /** Count of an insert that may leave existing rows as they are: no expectation to check. */
    int ANY_COUNT = -1;

    /**
     * @param expected the count of a conflict-free run (rows inserted, rows found), or {@link #ANY_COUNT}
     * @param table    the target table the statement writes rows of, or null (Duplex's own tables)
     * @return the rows the statement inserted or found (or, pipelined, {@code expected})
     * @throws ExactApplyNeeded (pipelined) when the message must be applied statement by statement
     */
    int run(String sql, List<Value> params, int expected, TableInfo table) throws SQLException;

    /** A statement on no user table (Duplex's own). */
    default int run(String sql, List<Value> params, int expected) throws SQLException {
        return run(sql, params, expected, null);
    }

    /** Whether counts are only checked later: callers must not branch on them nor set savepoints. */
    boolean deferred();

    /** Runs whatever is still queued; returns normally only if every count was as expected. */
    void flush() throws SQLException;
}
