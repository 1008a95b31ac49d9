package dev.duplex.apply.dml;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.apply.sql.TableInfoCache;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.RowChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Projects row changes onto their target tables for one attempt at a message, and tells a
 * statement refused because the target's definition changed since it was read from one refused
 * for good.
 *
 * <p>Forward (a to b), a row's columns must all exist on the target: DDL travels in the same
 * ordered stream as the rows, so a missing column is a real mismatch. Reverse (b to a), rows
 * apply by column name against node a's current definition ({@link ReverseRow}): columns a
 * dropped are left out, renamed ones follow the rename, and an INSERT gives the NOT NULL columns
 * without default that the row lacks their implicit default.
 */
final class RowProjector {
    /** Unknown column, no default for a NOT NULL column: what a definition read too early causes. */
    private static final Set<Integer> DEFINITION_ERRORS = Set.of(1054, 1364);

    private final Connection c;
    private final TableInfoCache tables;
    private final ForwardDdlColumns reverse;
    private final long startNanos = System.nanoTime();
    private final Set<TableInfo> used = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param reverse what forward DDL removed, for rows of the reverse direction; null going forward */
    RowProjector(Connection c, TableInfoCache tables, ForwardDdlColumns reverse) {
        this.c = c;
        this.tables = tables;
        this.reverse = reverse;
    }

    /** The change on its target table; null when none of its columns is left there (reverse only). */
    RowTarget project(RowChange change) throws SQLException {
        return reverse == null ? projectExactly(change) : projectByName(change);
    }

    private RowTarget projectExactly(RowChange change) throws SQLException {
        List<String> missing = new ArrayList<>();
        TableInfo table = tables.get(c, change.database(), change.table());
        RowTarget row = RowTarget.of(change, table, missing);
        if (row == null) {
            // The table may have changed since it was cached (DDL on the target): look once more.
            table = reload(change);
            missing.clear();
            row = RowTarget.of(change, table, missing);
            if (row == null) {
                throw new FatalException("columns " + missing + " of " + change.database() + "." + change.table()
                        + " do not exist on the target: add them there or deselect them in the task");
            }
        }
        used.add(table);
        return row;
    }

    /**
     * Records are read for every row that lacks columns of a's table (no cache: once the forward
     * apply forgets a name added back, the next row naming it must find a's column, not an old
     * record); a's definition is read again when the row is not explained by it and the records.
     */
    private RowTarget projectByName(RowChange change) throws SQLException {
        TableInfo table = tables.get(c, change.database(), change.table());
        if (!table.exists()) {
            table = reload(change);
        }
        ReverseRow.Result r = shape(change, table);
        if (!r.unresolved().isEmpty() && table.readBefore(startNanos)) {
            table = reload(change); // a column added again since the definition was read
            r = shape(change, table);
        }
        if (!r.unresolved().isEmpty()) {
            throw reverse.unresolved(change, r.unresolved());
        }
        used.add(table);
        return r.change() == null ? null : RowTarget.of(r.change(), table, new ArrayList<>(), true);
    }

    /** The row in {@code table}'s shape; the records are read only for a row that lacks columns of it. */
    private ReverseRow.Result shape(RowChange change, TableInfo table) {
        if (ReverseRow.missing(change, table).isEmpty()) {
            return new ReverseRow.Result(change, List.of());
        }
        return ReverseRow.reshape(change, table, reverse.removed(change.database(), change.table()));
    }

    private TableInfo reload(RowChange change) throws SQLException {
        tables.invalidate(change.database(), change.table());
        TableInfo fresh = tables.get(c, change.database(), change.table());
        if (!fresh.exists()) {
            throw new FatalException("table " + change.database() + "." + change.table() + " does not exist on the"
                    + " target: create it there (or let schema sync do it) and resume the task");
        }
        return fresh;
    }

    /**
     * What to throw for {@code e}, a statement's failure: when it is about a column (unknown, or
     * NOT NULL without a value) and a table this attempt used has another definition now than the
     * one it was projected on, the attempt is retried on the new one; otherwise {@code e} stands.
     * A DDL on the target between reading its definition and writing is what makes the difference.
     */
    SQLException definitionChanged(SQLException e) throws SQLException {
        if (!DEFINITION_ERRORS.contains(e.getErrorCode())) {
            return e;
        }
        for (TableInfo used : List.copyOf(this.used)) {
            tables.invalidate(used.database(), used.table());
            TableInfo now = tables.get(c, used.database(), used.table());
            if (!now.sameDefinition(used)) {
                throw new RetriableException("the definition of " + used.database() + "." + used.table()
                        + " changed on the target while a message was applied to it: applying it again", e);
            }
        }
        if (reverse != null && e.getErrorCode() == 1364) {
            throw new FatalException(e.getMessage() + ": a row node b wrote before node a added this NOT NULL column"
                    + " carries no value for it, and its type has no implicit default Duplex can give (JSON,"
                    + " geometry): give the column a DEFAULT on both nodes, then `duplex task recover`", null,
                    e.getErrorCode(), e);
        }
        return e;
    }
}
