package dev.duplex.core.config;

import java.util.Objects;

/** A table by database and name. */
public record TableRef(String database, String table) {
    public TableRef {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return database + "." + table;
    }
}
