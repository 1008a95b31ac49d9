package dev.duplex.core.config;

import dev.duplex.core.model.Op;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One selected database, named as on node a.
 *
 * @param renameTo       its name on node b, or null to keep the name (subject to capitalization)
 * @param tables         the selected tables; empty selects every table of the database
 * @param operations     operations synchronized for its tables unless a table says otherwise
 * @param conflictPolicy default for its tables; null inherits the task's
 */
public record DatabaseSelection(String name, String renameTo, List<TableSelection> tables,
                                Set<Op> operations, ConflictPolicy conflictPolicy) {

    public static final Set<Op> ALL_OPERATIONS = Collections.unmodifiableSet(EnumSet.allOf(Op.class));

    public DatabaseSelection {
        Objects.requireNonNull(name, "name");
        tables = tables == null ? List.of() : List.copyOf(tables);
        if (operations != null && operations.isEmpty()) {
            throw new IllegalArgumentException("select at least one operation of " + name);
        }
        operations = operations == null ? ALL_OPERATIONS : Collections.unmodifiableSet(EnumSet.copyOf(operations));
    }

    public static DatabaseSelection whole(String name) {
        return new DatabaseSelection(name, null, List.of(), null, null);
    }

    public boolean isWholeDatabase() {
        return tables.isEmpty();
    }

    public boolean isRenamed() {
        return renameTo != null;
    }
}
