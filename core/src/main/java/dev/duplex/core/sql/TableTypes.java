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

    /** A condition on information_schema.TABLES that keeps every table holding rows, and no view. */
    public static final String STORED = "TABLE_TYPE IN ('BASE TABLE', '" + SYSTEM_VERSIONED + "')";

    private TableTypes() {}

    /** Whether information_schema.TABLES.TABLE_TYPE {@code type} is that of a system-versioned table. */
    public static boolean isSystemVersioned(String type) {
        return SYSTEM_VERSIONED.equalsIgnoreCase(type);
    }

    /** Why a system-versioned table cannot be synchronized, for reports and task reasons. */
    public static String why() {
        return "the table is system-versioned (WITH SYSTEM VERSIONING): its binlog rows carry the history's period columns,"
                + " a DELETE is logged as an UPDATE that closes the row's period and an UPDATE adds an INSERT of the"
                + " old version, so applied on the other node a deleted row would stay current there and old versions"
                + " would become current rows; Duplex does not synchronize system-versioned tables";
    }

    /** The statement that makes {@code db.table} synchronizable, at the price of its history. */
    public static String fix(String database, String table) {
        return "ALTER TABLE " + Identifiers.qualified(database, table) + " DROP SYSTEM VERSIONING; (this deletes the"
                + " table's history)";
    }
}
