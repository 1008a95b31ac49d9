package dev.duplex.apply.dml;

import dev.duplex.apply.conflict.Decision;
import dev.duplex.apply.sql.SqlText;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Set;

/**
 * What {@link RowApplier} does when an incoming row (an insert, or an update's new values) hits a
 * unique key on the target: the conflict is decided, and if the incoming row wins, exactly the
 * rows it collides with are deleted, each by the key it collides on, and the row is written again.
 * Only statement by statement (pipelined, a duplicate ends the attempt), so a savepoint is safe.
 */
final class DuplicateKeys {
    /** ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY. */
    private static final Set<Integer> DUPLICATE = Set.of(1062, 1586, 1022);

    /** Writes the incoming row again once its collisions are gone: inserted, or updated in place. */
    @FunctionalInterface
    interface Rewrite {
        void run() throws SQLException;
    }

    private final Connection c;
    private final ConflictHandler conflicts;
    private final StatementRunner runner;

    DuplicateKeys(Connection c, ConflictHandler conflicts, StatementRunner runner) {
        this.c = c;
        this.conflicts = conflicts;
        this.runner = runner;
    }

    /** Whether {@code e} is a duplicate key on the target (the one test of it for every row path). */
    static boolean isDuplicate(SQLException e) {
        return DUPLICATE.contains(e.getErrorCode());
    }

    /**
     * Decides the collision of {@code row} and, if it wins, clears the way and runs {@code rewrite}
     * (an updated row keeps the columns the change does not carry that way).
     *
     * @param updating the row is an update's new values (a REPLACE then deletes it first)
     */
    void resolve(RowTarget row, boolean updating, String seq, Rewrite rewrite) throws SQLException {
        ConflictHandler.Verdict verdict = conflicts.duplicate(row, seq);
        if (verdict.decision() != Decision.APPLY_INCOMING) {
            return;
        }
        if (verdict.collisions().isEmpty()) {
            replace(row, updating);
            return;
        }
        Savepoint beforeDeleting = c.setSavepoint();
        for (Collision k : verdict.collisions()) {
            runner.run(SqlText.delete(row.database(), row.tableName(), k.key(), false), k.keyValues(), 1, row.table());
        }
        try {
            rewrite.run();
        } catch (SQLException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
            c.rollback(beforeDeleting);
            if (conflicts.hidden(row, seq, verdict) == Decision.APPLY_INCOMING) {
                replace(row, updating);
            }
        }
    }

    /**
     * For a collision no row could be named for, which the rule's fallback let the incoming row
     * win: REPLACE removes every row that collides on the primary key or any unique key, then
     * inserts. An updated row is deleted first, as the incoming row takes its place.
     */
    private void replace(RowTarget row, boolean updating) throws SQLException {
        if (updating) {
            runner.run(SqlText.delete(row.database(), row.tableName(), row.keyColumns(), !row.keyIsUnique()),
                    row.beforeKey(), 1, row.table());
        }
        runner.run(SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, true), row.insertValues(),
                1, row.table());
    }
}
