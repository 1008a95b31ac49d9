package dev.duplex.core.store;

import java.util.Objects;

/**
 * A column that a forward DDL took away from a table, and what became of it: renamed (to
 * {@code renamedTo}, as the statement spells it) or dropped ({@code renamedTo} empty). Names are
 * node a's: rows of the reverse direction name node a's tables and node b's old columns.
 */
public record RemovedColumn(String name, String renamedTo) {
    public RemovedColumn {
        Objects.requireNonNull(name, "name");
        renamedTo = renamedTo == null ? "" : renamedTo;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a removed column has a name");
        }
    }

    public static RemovedColumn dropped(String name) {
        return new RemovedColumn(name, "");
    }

    public static RemovedColumn renamed(String name, String to) {
        return new RemovedColumn(name, Objects.requireNonNull(to, "to"));
    }

    public boolean dropped() {
        return renamedTo.isEmpty();
    }
}
