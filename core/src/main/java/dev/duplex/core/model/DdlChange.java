package dev.duplex.core.model;

import java.util.Objects;

/** A DDL statement as the source ran it, with the default database it ran in ('' if none). */
public record DdlChange(String database, String statement) implements Change {
    public DdlChange {
        database = database == null ? "" : database;
        Objects.requireNonNull(statement, "statement");
        if (statement.isBlank()) {
            throw new IllegalArgumentException("DDL statement is empty");
        }
    }
}
