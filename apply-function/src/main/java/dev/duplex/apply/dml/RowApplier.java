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
import dev.duplex.core.sql.ValueBinder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
    static final int MAX_ROWS_PER_INSERT = 500;
    static final int MAX_INSERT_BYTES = 4 * 1024 * 1024;
    /** ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY. */
    private static final Set<Integer> DUPLICATE = Set.of(1062, 1586, 1022);

    /** Whether {@code e} is a duplicate key on the target (the one test of it for every row path). */
    static boolean isDuplicate(SQLException e) {
        return DUPLICATE.contains(e.getErrorCode());
    }

    private final Connection c;
    private final RowProjector projector;
    private final ConflictRules rules;
    private final ConflictHandler conflicts;
    private final StatementRunner runner;
    private final boolean existingWins;
    private final boolean catchUp;
    private final LwwApplier lww;
    /** Tries parked rows again with statements of its own, after the message's rows ran. */
    private final LwwApplier unparker;
    private final List<RowTarget> inserts = new ArrayList<>();
    private int insertBytes;
    private String insertSeq;

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
            int size = change.op() == Op.INSERT ? size(row) : 0; // only inserts are grouped by size
            boolean joins = change.op() == Op.INSERT && !inserts.isEmpty() && sameShape(inserts.get(0), row)
                    && inserts.size() < MAX_ROWS_PER_INSERT && insertBytes + size <= MAX_INSERT_BYTES;
            if (!joins) {
                flushInserts();
            }
            switch (change.op()) {
                case INSERT -> {
                    inserts.add(row);
                    insertBytes += size;
                    insertSeq = seq;
                }
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

    /** In exact mode an insert group ends with its transaction, so {@code insertSeq} names the row's own. */
    private void flushInserts() throws SQLException {
        if (!inserts.isEmpty()) {
            List<RowTarget> rows = List.copyOf(inserts);
            inserts.clear();
            insertBytes = 0;
            insertGroup(rows, insertSeq);
        }
    }

    private void insertGroup(List<RowTarget> rows, String seq) throws SQLException {
        if (existingWins) {
            RowTarget first = rows.get(0);
            runner.run(SqlText.insertKeepingExisting(first.database(), first.tableName(), first.insertColumns(),
                    rows.size()), values(rows), StatementRunner.ANY_COUNT, first.table());
            return;
        }
        if (rows.size() == 1) {
            insertOne(rows.get(0), seq);
            return;
        }
        String sql = SqlText.insert(rows.get(0).database(), rows.get(0).tableName(), rows.get(0).insertColumns(),
                rows.size(), false);
        if (runner.deferred()) {
            // A duplicate ends the attempt: no savepoint needed.
            runner.run(sql, values(rows), rows.size(), rows.get(0).table());
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            execute(sql, values(rows), rows.size(), rows.get(0).table());
        } catch (SQLException e) {
            if (!DUPLICATE.contains(e.getErrorCode())) {
                throw e;
            }
            c.rollback(before);
            for (RowTarget row : rows) {
                insertOne(row, seq);
            }
        }
    }

    private void insertOne(RowTarget row, String seq) throws SQLException {
        try {
            insertRow(row);
        } catch (SQLException e) {
            if (!DUPLICATE.contains(e.getErrorCode())) {
                throw e;
            }
            duplicate(row, false, seq);
        }
    }

    private void insertRow(RowTarget row) throws SQLException {
        execute(SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, false), row.insertValues(), 1,
                row.table());
    }

    /**
     * The incoming row (an insert, or an update's new values when {@code updating}) hit a unique
     * key. If it wins against the rows it collides with, exactly those rows are deleted, each by
     * the key it collides on, and the row is written again: inserted, or updated in place (so the
     * updated row keeps the columns the change does not carry). Conflicts are only decided
     * statement by statement (pipelined, a duplicate ends the attempt), so a savepoint is safe.
     */
    private void duplicate(RowTarget row, boolean updating, String seq) throws SQLException {
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
            execute(SqlText.delete(row.database(), row.tableName(), k.key(), false), k.keyValues(), 1, row.table());
        }
        try {
            if (updating) {
                updateByKey(row);
            } else {
                insertRow(row);
            }
        } catch (SQLException e) {
            if (!DUPLICATE.contains(e.getErrorCode())) {
                throw e;
            }
            c.rollback(beforeDeleting);
            if (conflicts.hidden(row, seq, verdict) == Decision.APPLY_INCOMING) {
                replace(row, updating);
            }
        }
    }

    private void update(RowTarget row, String seq) throws SQLException {
        boolean strict = rules.strict();
        int found;
        try {
            found = strict ? updateIfUnchanged(row) : updateByKey(row);
        } catch (SQLException e) {
            if (!DUPLICATE.contains(e.getErrorCode())) {
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
            if (!DUPLICATE.contains(e.getErrorCode())) {
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

    /**
     * For a collision no row could be named for, which the rule's fallback let the incoming row
     * win: REPLACE removes every row that collides on the primary key or any unique key, then
     * inserts. An updated row is deleted first, as the incoming row takes its place.
     */
    private void replace(RowTarget row, boolean updating) throws SQLException {
        if (updating) {
            execute(SqlText.delete(row.database(), row.tableName(), row.keyColumns(), !row.keyIsUnique()),
                    row.beforeKey(), 1, row.table());
        }
        execute(SqlText.insert(row.database(), row.tableName(), row.insertColumns(), 1, true), row.insertValues(), 1,
                row.table());
    }

    private int execute(String sql, List<Value> params, int expected, TableInfo table) throws SQLException {
        return runner.run(sql, params, expected, table);
    }

    private static List<Value> values(List<RowTarget> rows) {
        List<Value> all = new ArrayList<>(rows.size() * rows.get(0).insertColumns().size());
        rows.forEach(r -> all.addAll(r.insertValues()));
        return all;
    }

    private static boolean sameShape(RowTarget a, RowTarget b) {
        return a.database().equals(b.database()) && a.tableName().equals(b.tableName())
                && a.insertColumns().equals(b.insertColumns());
    }

    private static int size(RowTarget row) {
        List<Value> image = row.change().after() != null ? row.change().after() : row.change().before();
        return image.stream().mapToInt(ValueBinder::estimatedSize).sum();
    }
}
