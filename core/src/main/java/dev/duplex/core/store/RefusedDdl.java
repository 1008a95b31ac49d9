package dev.duplex.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A DDL statement the target refused, as it may be shown: the task went on without it. The
 * writer has hidden what must not be stored (the statement's string literals, the values a server
 * error quotes) and shortened the statement.
 *
 * @param database  the default database the statement ran in ('' if none)
 * @param statement the statement as shown
 * @param error     the target's error as shown, with its code
 * @param at        when the apply met the refusal
 */
public record RefusedDdl(String database, String statement, String error, Instant at) {
    public RefusedDdl {
        database = database == null ? "" : database;
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(at, "at");
    }
}
