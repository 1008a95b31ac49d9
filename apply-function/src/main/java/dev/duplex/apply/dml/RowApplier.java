package dev.duplex.apply.dml;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.conflict.Decision;
import dev.duplex.apply.sql.SqlText;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.apply.sql.TableInfoCache;
import dev.duplex.apply.sql.TargetRowReader;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the row changes of one message inside the caller's transaction. Consecutive inserts into
 * one table go as multi-row statements.
 *
 * <p>Exact mode runs each statement on its own: on a duplicate key a multi-row insert is rolled
 * back to a savepoint and the rows go one by one, so each conflict is found and decided on its own
 * row. Pipelined mode sends the statements in few packets, merges inserts across the message's
 * transactions, and gives up with {@link ExactApplyNeeded} at the first anomaly; as long as there
 * is none, it runs exactly the statements exact mode would, in the same order.
 */
public final class RowApplier {
    private final Connection c;
    private final RowProjector projector;
    private final ConflictRules rules;
    private final ConflictHandler conflicts;
    private final StatementRunner runner;
    private final boolean existingWins;
    private final boolean catchUp;
    private final DuplicateKeys duplicates;
    private final LwwApplier lww;
    /** Tries parked rows again with statements of its own, after the message's rows ran. */
    private final LwwApplier unparker;
    private final PendingInserts inserts = new PendingInserts();

    public RowApplier(Connection c, TableInfoCache tables, ConflictRules rules, boolean catchUp, String position,
                      List<Conflict> conflictSink, StatementListener listener) {
        this(c, tables, rules, catchUp, false, false, position, conflictSink, listener);
    }

    /**
     * @param existingWins inserts leave a row whose key exists on the target as it is, without a
     *                     conflict (full sync's snapshot rows: the reference keeps the target's row)
     * @param pipelined    pipelined mode (see the class comment); call {@link #finish()} before committing
     */
    public RowApplier(Connection c, TableInfoCache tables, ConflictRules rules, boolean catchUp, boolean existingWins,
                      boolean pipelined, String position, List<Conflict> conflictSink, StatementListener listener) {
        this(c, tables, null, rules, catchUp, existingWins, pipelined, position, conflictSink, listener);
    }

    /**
     * @param reverse for rows of the reverse direction (b to a): what forward DDL removed, so rows
     *                apply by column name against node a's definition ({@link RowProjector});
     *                null going forward, where every column of a row must exist on the target
     */
    public RowApplier(Connection c, TableInfoCache tables, ForwardDdlColumns reverse, ConflictRules rules,
                      boolean catchUp, boolean existingWins, boolean pipelined, String position,
                      List<Conflict> conflictSink, StatementListener listener) {
        this.c = c;
        this.projector = new RowProjector(c, tables, reverse);
        this.rules = rules;
        this.conflicts = new ConflictHandler(c, rules, catchUp, position, conflictSink);
        this.runner = pipelined ? new PipelinedRunner(c, listener) : new DirectRunner(c, listener);
        this.existingWins = existingWins;
        this.catchUp = catchUp;
        this.duplicates = new DuplicateKeys(c, conflicts, runner);
        this.lww = new LwwApplier(c, runner, conflicts, rules.fromNodeA());
        this.unparker = new LwwApplier(c, new DirectRunner(c, listener), conflicts, rules.fromNodeA());
    }

    /**
     * Runs a statement of Duplex's own (a lane's record) before the rows, in the same packet when
     * pipelined; its count is not checked, only that it ran.
     */
    public void first(String sql, List<Value> params) throws SQLException {
        runner.run(sql, params, StatementRunner.ANY_COUNT);
    }

    /**
     * Applies {@code changes} (one transaction's row changes, in order) tagged with {@code seq}.
     * Pipelined, statements may still be queued afterwards: see {@link #finish()}.
     */
    public void apply(List<RowChange> changes, String seq) throws SQLException {
        try {
            applyChanges(changes, seq);
        } catch (SQLException e) {
            throw projector.definitionChanged(e);
        }
    }

    private void applyChanges(List<RowChange> changes, String seq) throws SQLException {
        for (RowChange change : changes) {
            RowTarget row = projector.project(change);
            if (row == null) {
                continue; // none of its columns is left on the target
            }
            if (lastWriterWins(row, seq)) {
                continue;
            }
            int size = change.op() == Op.INSERT ? PendingInserts.size(row) : 0; // only inserts are grouped by size
            if (change.op() != Op.INSERT || !inserts.joins(row, size)) {
                flushInserts();
            }
            switch (change.op()) {
                case INSERT -> inserts.add(row, size, seq);
                case UPDATE -> update(row, seq);
                case DELETE -> delete(row, seq);
            }
        }
        if (!runner.deferred()) {
            flushInserts();
        }
    }

    /**
     * Applies {@code row} by its version if its table is under last-writer-wins (a full sync's
     * copy and catch-up replays aside: they make node b what node a is). Row by row: pipelined,
     * the message is applied again exactly.
     */
    private boolean lastWriterWins(RowTarget row, String seq) throws SQLException {
        if (catchUp || existingWins
                || !(rules.forTarget(row.database(), row.tableName()) instanceof ConflictResolution.LastWriterWins l)) {
            return false;
        }
        if (runner.deferred()) {
            throw new ExactApplyNeeded("last-writer-wins decides row by row", null);
        }
        flushInserts();
        lww.apply(row, l.versionColumn(), counters(row), seq);
        return true;
    }

    /**
     * Tries the rows last-writer-wins parked again ({@link LwwApplier#unpark}): after every
     * message, before it commits, once its own rows ran ({@link #finish()} first, pipelined).
     */
    public void unpark(String seq) throws SQLException {
        if (!catchUp && !existingWins && rules.usesLastWriterWins()) {
            unparker.unparkAll(projector, rules, seq);
        }
    }

    private Counters counters(RowTarget row) {
        return catchUp ? Counters.NONE : Counters.of(row, rules.deltaFor(row.database(), row.tableName()));
    }

    /**
     * Runs everything still queued; pipelined, throws {@link ExactApplyNeeded} unless every
     * statement of the message had the count a conflict-free apply has.
     */
    public void finish() throws SQLException {
        try {
            flushInserts();
            runner.flush();
        } catch (SQLException e) {
            throw projector.definitionChanged(e);
        }
    }

    /** In exact mode an insert group ends with its transaction, so its seq names the row's own. */
    private void flushInserts() throws SQLException {
        if (!inserts.isEmpty()) {
            insertGroup(inserts.take());
        }
    }

    private void insertGroup(PendingInserts.Group group) throws SQLException {
        RowTarget first = group.first();
        int n = group.rows().size();
        if (existingWins) {
            runner.run(SqlText.insertKeepingExisting(first.database(), first.tableName(), first.insertColumns(), n),
                    group.values(), StatementRunner.ANY_COUNT, first.table());
            return;
        }
        if (n == 1) {
            insertOne(first, group.seq());
            return;
        }
        String sql = SqlText.insert(first.database(), first.tableName(), first.insertColumns(), n, false);
        if (runner.deferred()) {
            // A duplicate ends the attempt: no savepoint needed.
            runner.run(sql, group.values(), n, first.table());
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            execute(sql, group.values(), n, first.table());
        } catch (SQLException e) {
            if (!DuplicateKeys.isDuplicate(e)) {
                throw e;
            }
            c.rollback(before);
            for (RowTarget row : group.rows()) {
                insertOne(row, group.seq());
            }
        }
    }

    private void insertOne(RowTarget row, String seq) throws SQLException {
        try {
            insertRow(row);
        } catch (SQLException e) {
            if (!DuplicateKeys.isDuplicate(e)) {
                throw e;
            }
            duplicate(row, false, seq);
        }
    }

    private void insertRow(RowTarget row) throws SQLException {
        execute(SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, false), row.insertValues(), 1,
                row.table());
    }

    /** The incoming row (an insert, or an update's new values when {@code updating}) hit a unique key. */
    private void duplicate(RowTarget row, boolean updating, String seq) throws SQLException {
        duplicates.resolve(row, updating, seq, updating ? () -> updateByKey(row) : () -> insertRow(row));
    }

    private void update(RowTarget row, String seq) throws SQLException {
        boolean strict = rules.strict();
        int found;
        try {
            found = strict ? updateIfUnchanged(row) : updateByKey(row);
        } catch (SQLException e) {
            if (!DuplicateKeys.isDuplicate(e)) {
                throw e;
            }
            duplicate(row, true, seq);
            return;
        }
        if (found > 0) {
            return;
        }
        if (strict && exists(row)) {
            if (conflicts.byKey(ConflictKind.UPDATE_MISMATCH, row, seq) == Decision.APPLY_INCOMING) {
                updateByKeyOrDuplicate(row, seq);
            }
        } else if (conflicts.byKey(ConflictKind.UPDATE_MISSING, row, seq) == Decision.APPLY_INCOMING) {
            insertOne(row, seq);
        }
    }

    private void updateByKeyOrDuplicate(RowTarget row, String seq) throws SQLException {
        try {
            updateByKey(row);
        } catch (SQLException e) {
            if (!DuplicateKeys.isDuplicate(e)) {
                throw e;
            }
            duplicate(row, true, seq);
        }
    }

    private int updateByKey(RowTarget row) throws SQLException {
        Counters counters = counters(row);
        if (!counters.none()) {
            return execute(counters.update(row, true, row.keyColumns()), counters.params(row, true, row.beforeKey()), 1,
                    row.table());
        }
        List<Value> params = new ArrayList<>(row.after());
        params.addAll(row.beforeKey());
        return execute(SqlText.update(row.database(), row.tableName(), row.columns(), row.keyColumns(),
                !row.keyIsUnique()), params, 1, row.table());
    }

    /** Strict mode: the row must still be what the source's before-image says. */
    private int updateIfUnchanged(RowTarget row) throws SQLException {
        List<String> where = new ArrayList<>(row.keyColumns());
        List<Value> params = new ArrayList<>(row.after());
        params.addAll(row.beforeKey());
        for (String col : row.comparableColumns()) {
            if (where.stream().noneMatch(col::equalsIgnoreCase)) {
                where.add(col);
                params.add(row.beforeValuesOf(List.of(col)).get(0));
            }
        }
        return execute(SqlText.update(row.database(), row.tableName(), row.columns(), where, !row.keyIsUnique()),
                params, 1, row.table());
    }

    private boolean exists(RowTarget row) throws SQLException {
        return TargetRowReader.read(c, row.table(), row.keyColumns(), row.keyColumns(),
                row.beforeKey()).isPresent();
    }

    private void delete(RowTarget row, String seq) throws SQLException {
        int found = execute(SqlText.delete(row.database(), row.tableName(), row.keyColumns(), !row.keyIsUnique()),
                row.beforeKey(), 1, row.table());
        if (found == 0) {
            conflicts.byKey(ConflictKind.DELETE_MISSING, row, seq);
        }
    }

    private int execute(String sql, List<Value> params, int expected, TableInfo table) throws SQLException {
        return runner.run(sql, params, expected, table);
    }
}
