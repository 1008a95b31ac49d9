package dev.duplex.core.sql;

/**
 * Which tables of information_schema.TABLES hold rows, and which of those Duplex cannot
 * synchronize. MariaDB lists a system-versioned table ({@code WITH SYSTEM VERSIONING}) under
 * TABLE_TYPE 'SYSTEM VERSIONED', not 'BASE TABLE': a query for base tables alone passes it by
 * without a word, so every query that lists tables goes through {@link #STORED}.
 *
 * <p>Such a table cannot be synchronized row by row. Its binlog rows carry the period columns
 * (row_start and row_end, invisible unless declared), a DELETE is logged as an UPDATE that closes
 * the row's period, and an UPDATE as an UPDATE plus an INSERT of the old version into the history:
 * applied on the other node as ordinary rows, a deleted row would stay current there and history
 * rows would turn into current ones. The precheck and the capture refuse such a table through this
 * class.
 */
public final class TableTypes {
    /** information_schema.TABLES.TABLE_TYPE of a MariaDB system-versioned table. */
    public static final String SYSTEM_VERSIONED = "SYSTEM VERSIONED";

    /** information_schema.TABLES.TABLE_TYPE of a MariaDB sequence (CREATE SEQUENCE). */
    public static final String SEQUENCE = "SEQUENCE";

    /**
     * A condition on information_schema.TABLES that keeps every table holding rows, and no view or
     * sequence.
     */
    public static final String STORED = "TABLE_TYPE IN ('BASE TABLE', '" + SYSTEM_VERSIONED + "')";

    private TableTypes() {}

    /** Whether information_schema.TABLES.TABLE_TYPE {@code type} is that of a system-versioned table. */
    public static boolean isSystemVersioned(String type) {
        return SYSTEM_VERSIONED.equalsIgnoreCase(type);
    }

    /** Whether information_schema.TABLES.TABLE_TYPE {@code type} is that of a sequence. */
    public static boolean isSequence(String type) {
        return SEQUENCE.equalsIgnoreCase(type);
    }

    /** Why a selected sequence stops a task, for reports and task reasons. */
    public static String whySequence() {
        return "a sequence (CREATE SEQUENCE), not a table: Duplex does not synchronize a sequence's state, and a"
                + " whole-database selection takes it in as a table without a key";
    }

    /** What to do about a sequence in a whole-database selection. */
    public static String fixSequence(String database, String table) {
        return "select the tables of " + Identifiers.quote(database) + " by name (objects: - database: " + database
                + " with tables: [...]) so that " + Identifiers.qualified(database, table) + " stays out, and create"
                + " the sequence on the other node yourself; if both nodes take values from it, give each its own"
                + " (e.g. ALTER SEQUENCE " + Identifiers.qualified(database, table) + " INCREMENT BY 2 RESTART WITH 1"
                + " on node a and RESTART WITH 2 on node b)";
    }

    /** Why a system-versioned table cannot be synchronized, for reports and task reasons. */
    public static String whySystemVersioned() {
        return "the table is system-versioned (WITH SYSTEM VERSIONING): its binlog rows carry the history's period columns,"
                + " a DELETE is logged as an UPDATE that closes the row's period and an UPDATE adds an INSERT of the"
                + " old version, so applied on the other node a deleted row would stay current there and old versions"
                + " would become current rows; Duplex does not synchronize system-versioned tables";
    }

    /** The statement that makes {@code db.table} synchronizable, at the price of its history. */
    public static String fixSystemVersioned(String database, String table) {
        return "ALTER TABLE " + Identifiers.qualified(database, table) + " DROP SYSTEM VERSIONING; (this deletes the"
                + " table's history)";
    }
}
