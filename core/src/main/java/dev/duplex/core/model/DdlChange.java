package dev.duplex.core.model;

import java.util.Objects;

/**
 * A DDL statement as the source ran it, with the default database it ran in ('' if none) and
 * the source session it ran in; a null session (older messages) means the target runs the
 * statement in its own session, as before sessions travelled.
 */
public record DdlChange(String database, String statement, SourceSession session) implements Change {
    public DdlChange {
        database = database == null ? "" : database;
        Objects.requireNonNull(statement, "statement");
        if (statement.isBlank()) {
            throw new IllegalArgumentException("DDL statement is empty");
        }
    }

    /** A statement without its source session. */
    public DdlChange(String database, String statement) {
        this(database, statement, null);
    }
}
