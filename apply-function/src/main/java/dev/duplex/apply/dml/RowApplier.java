package dev.duplex.apply.dml;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.apply.conflict.ConflictKind;
import dev.duplex.apply.conflict.ConflictRules;
import dev.duplex.apply.conflict.Decision;
import dev.duplex.apply.sql.ApplySession;
import dev.duplex.apply.sql.SqlText;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.apply.sql.TableInfoCache;
import dev.duplex.apply.sql.ValueBinder;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the row changes of one message inside the caller's transaction. Consecutive inserts into
 * one table go as multi-row statements; on a duplicate key the attempt is rolled back to a
 * savepoint and the rows go one by one, so each conflict is found and decided on its own row.
 */
public final class RowApplier {
    static final int MAX_ROWS_PER_INSERT = 500;
    static final int MAX_INSERT_BYTES = 4 * 1024 * 1024;
    /** ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY. */
    private static final Set<Integer> DUPLICATE = Set.of(1062, 1586, 1022);

    private final Connection c;
    private final TableInfoCache tables;
    private final ConflictRules rules;
    private final ConflictHandler conflicts;
    private final StatementListener listener;
    private final boolean existingWins;
    private int statements;

    public RowApplier(Connection c, TableInfoCache tables, ConflictRules rules, boolean catchUp, String position,
                      List<Conflict> conflictSink, StatementListener listener) {
        this(c, tables, rules, catchUp, false, position, conflictSink, listener);
    }

    /**
     * @param existingWins inserts leave a row whose key exists on the target as it is, without a
     *                     conflict (full sync's snapshot rows: the reference keeps the target's row)
     */
    public RowApplier(Connection c, TableInfoCache tables, ConflictRules rules, boolean catchUp, boolean existingWins,
                      String position, List<Conflict> conflictSink, StatementListener listener) {
        this.c = c;
        this.tables = tables;
        this.rules = rules;
        this.conflicts = new ConflictHandler(c, rules, catchUp, position, conflictSink);
        this.listener = listener;
        this.existingWins = existingWins;
    }

    /** Applies {@code changes} (one transaction's row changes, in order) tagged with {@code seq}. */
    public void apply(List<RowChange> changes, String seq) throws SQLException {
        List<RowTarget> inserts = new ArrayList<>();
        int bytes = 0;
        for (RowChange change : changes) {
            RowTarget row = project(change);
            int size = size(row);
            boolean joins = change.op() == Op.INSERT && !inserts.isEmpty() && sameShape(inserts.get(0), row)
                    && inserts.size() < MAX_ROWS_PER_INSERT && bytes + size <= MAX_INSERT_BYTES;
            if (!joins && !inserts.isEmpty()) {
                insertGroup(inserts, seq);
                inserts.clear();
                bytes = 0;
            }
            switch (change.op()) {
                case INSERT -> {
                    inserts.add(row);
                    bytes += size;
                }
                case UPDATE -> update(row, seq);
                case DELETE -> delete(row, seq);
            }
        }
        if (!inserts.isEmpty()) {
            insertGroup(inserts, seq);
        }
    }

    private RowTarget project(RowChange change) throws SQLException {
        List<String> missing = new ArrayList<>();
        RowTarget row = RowTarget.of(change, tables.get(c, change.database(), change.table()), missing);
        if (row == null) {
            // The table may have changed since it was cached (DDL on the target): look once more.
            tables.invalidate(change.database(), change.table());
            missing.clear();
            TableInfo fresh = tables.get(c, change.database(), change.table());
            row = RowTarget.of(change, fresh, missing);
            if (row == null) {
                throw new FatalException(fresh.exists()
                        ? "columns " + missing + " of " + change.database() + "." + change.table()
                                + " do not exist on the target: add them there or deselect them in the task"
                        : "table " + change.database() + "." + change.table() + " does not exist on the target:"
                                + " create it there (or let schema sync do it) and resume the task");
            }
        }
        return row;
    }

    private void insertGroup(List<RowTarget> rows, String seq) throws SQLException {
        if (existingWins) {
            RowTarget first = rows.get(0);
            execute(SqlText.insertKeepingExisting(first.database(), first.tableName(), first.columns(), rows.size()),
                    values(rows));
            return;
        }
        if (rows.size() == 1) {
            insertOne(rows.get(0), seq);
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            execute(SqlText.insert(rows.get(0).database(), rows.get(0).tableName(), rows.get(0).columns(),
                    rows.size(), false), values(rows));
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
            execute(SqlText.insert(row.database(), row.tableName(), row.columns(), 1, false), row.after());
        } catch (SQLException e) {
            if (!DUPLICATE.contains(e.getErrorCode())) {
                throw e;
            }
            if (conflicts.duplicate(row, seq) == Decision.APPLY_INCOMING) {
                replace(row);
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
            if (conflicts.duplicate(row, seq) == Decision.APPLY_INCOMING) {
                execute(SqlText.delete(row.database(), row.tableName(), row.keyColumns(), !row.keyIsUnique()),
                        row.beforeKey());
                replace(row);
            }
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
            if (conflicts.duplicate(row, seq) == Decision.APPLY_INCOMING) {
                execute(SqlText.delete(row.database(), row.tableName(), row.keyColumns(), !row.keyIsUnique()),
                        row.beforeKey());
                replace(row);
            }
        }
    }

    private int updateByKey(RowTarget row) throws SQLException {
        List<Value> params = new ArrayList<>(row.after());
        params.addAll(row.beforeKey());
        return execute(SqlText.update(row.database(), row.tableName(), row.columns(), row.keyColumns(),
                !row.keyIsUnique()), params);
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
                params);
    }

    private boolean exists(RowTarget row) throws SQLException {
        return dev.duplex.apply.sql.TargetRowReader.read(c, row.table(), row.keyColumns(), row.keyColumns(),
                row.beforeKey()).isPresent();
    }

    private void delete(RowTarget row, String seq) throws SQLException {
        int found = execute(SqlText.delete(row.database(), row.tableName(), row.keyColumns(), !row.keyIsUnique()),
                row.beforeKey());
        if (found == 0) {
            conflicts.byKey(ConflictKind.DELETE_MISSING, row, seq);
        }
    }

    /** REPLACE removes every row that collides on the primary key or any unique key, then inserts. */
    private void replace(RowTarget row) throws SQLException {
        execute(SqlText.insert(row.database(), row.tableName(), row.columns(), 1, true), row.after());
    }

    private int execute(String sql, List<Value> params) throws SQLException {
        boolean enumErrorValue = params.stream().anyMatch(RowApplier::isEnumErrorValue);
        if (enumErrorValue) {
            ApplySession.liftStrictMode(c);
        }
        int count;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ValueBinder.bind(ps, i + 1, params.get(i));
            }
            count = ps.executeUpdate();
        } finally {
            if (enumErrorValue) {
                ApplySession.restoreStrictMode(c);
            }
        }
        listener.afterStatement(c, ++statements);
        return count;
    }

    /**
     * MySQL's ENUM error value (index 0, label '') exists only where a non-strict source stored an
     * invalid label; strict mode refuses to write it, non-strict mode stores exactly that value.
     */
    private static boolean isEnumErrorValue(Value v) {
        return v instanceof Value.Enum e && e.label().isEmpty();
    }

    private static List<Value> values(List<RowTarget> rows) {
        List<Value> all = new ArrayList<>(rows.size() * rows.get(0).columns().size());
        rows.forEach(r -> all.addAll(r.after()));
        return all;
    }

    private static boolean sameShape(RowTarget a, RowTarget b) {
        return a.database().equals(b.database()) && a.tableName().equals(b.tableName())
                && a.columns().equals(b.columns());
    }

    private static int size(RowTarget row) {
        List<Value> image = row.change().after() != null ? row.change().after() : row.change().before();
        return image.stream().mapToInt(ValueBinder::estimatedSize).sum();
    }
}
