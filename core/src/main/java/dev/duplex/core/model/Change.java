package dev.duplex.core.model;

/** One change inside a transaction: a row change or a DDL statement. */
public sealed interface Change permits RowChange, DdlChange {
    String database();
}
