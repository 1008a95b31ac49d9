package dev.duplex.capture.assemble;

import dev.duplex.core.model.SourceSession;

/**
 * A statement the binlog carries as text: DDL, or another statement run outside a transaction
 * (GRANT, FLUSH, ...). Which of them are synchronized is decided by the filter stage.
 *
 * @param database the default database the statement ran in, "" if none
 * @param sql      the statement, read with the character set its session sent it in
 * @param session  the session it ran in; null when its event was not read with its session
 */
public record CapturedStatement(String database, String sql, SourceSession session) implements CapturedChange {

    /** A statement without its session. */
    public CapturedStatement(String database, String sql) {
        this(database, sql, null);
    }
}
