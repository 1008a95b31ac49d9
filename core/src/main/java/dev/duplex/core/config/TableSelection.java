package dev.duplex.core.config;

import dev.duplex.core.filter.WhereFilter;
import dev.duplex.core.model.Op;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One selected table, named as on node a.
 *
 * @param renameTo       its name on node b, or null to keep the name (subject to capitalization)
 * @param columns        the selected columns; empty selects every column
 * @param where          rows selected; {@link WhereFilter#all()} when there is no filter
 * @param operations     operations synchronized; null inherits the database's
 * @param conflictPolicy null inherits the database's, then the task's
 * @param useMax         column whose greater value wins a conflict, or null
 * @param useMin         column whose smaller value wins a conflict, or null
 * @param lwwColumn      under last-writer-wins, the user's column holding the row version; null for
 *                       the column Duplex adds ({@link #DEFAULT_LWW_COLUMN})
 * @param delta          counter columns applied as increments ({@code col = col + (after - before)})
 */
public record TableSelection(String name, String renameTo, List<String> columns, WhereFilter where,
                             Set<Op> operations, ConflictPolicy conflictPolicy, String useMax, String useMin,
                             String lwwColumn, List<String> delta) {

    /** The invisible version column Duplex adds to each last-writer-wins table. */
    public static final String DEFAULT_LWW_COLUMN = "duplex_version";

    public TableSelection {
        Objects.requireNonNull(name, "name");
        columns = columns == null ? List.of() : List.copyOf(columns);
        where = where == null ? WhereFilter.all() : where;
        if (operations != null && operations.isEmpty()) {
            throw new IllegalArgumentException("select at least one operation of " + name);
        }
        operations = operations == null ? null : Collections.unmodifiableSet(EnumSet.copyOf(operations));
        if (useMax != null && useMin != null) {
            throw new IllegalArgumentException("useMax and useMin exclude each other");
        }
        delta = delta == null ? List.of() : List.copyOf(delta);
    }

    public TableSelection(String name, String renameTo, List<String> columns, WhereFilter where,
                          Set<Op> operations, ConflictPolicy conflictPolicy, String useMax, String useMin) {
        this(name, renameTo, columns, where, operations, conflictPolicy, useMax, useMin, null, List.of());
    }

    /** Whether {@code column} is a counter applied as an increment. */
    public boolean isDelta(String column) {
        return delta.stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    /** A table selected because its whole database is: every column, row and inherited setting. */
    public static TableSelection whole(String name) {
        return new TableSelection(name, null, List.of(), WhereFilter.all(), null, null, null, null, null, List.of());
    }

    public boolean allColumns() {
        return columns.isEmpty();
    }

    /** Whether {@code column} is synchronized; MySQL column names compare without case. */
    public boolean selectsColumn(String column) {
        return columns.isEmpty() || columns.stream().anyMatch(c -> c.equalsIgnoreCase(column))
                || lwwColumn != null && lwwColumn.equalsIgnoreCase(column);
    }

    public boolean isRenamed() {
        return renameTo != null;
    }
}
