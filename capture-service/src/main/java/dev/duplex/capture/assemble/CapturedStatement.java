package dev.duplex.capture.assemble;

/**
 * A statement the binlog carries as text: DDL, or another statement run outside a transaction
 * (GRANT, FLUSH, ...). Which of them are synchronized is decided by the select stage.
 *
 * @param database the default database the statement ran in, "" if none
 */
public record CapturedStatement(String database, String sql) implements CapturedChange {}
