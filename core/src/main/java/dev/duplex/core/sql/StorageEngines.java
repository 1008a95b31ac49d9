package dev.duplex.core.sql;

/**
 * Which storage engines Duplex can synchronize. Loop prevention needs every row change Duplex
 * applies to be logged in the same binlog transaction as its {@link DuplexSchema#APPLY_CHECKPOINT}
 * marker. Only a transactional engine does that: a non-transactional one (MyISAM, Aria, MEMORY,
 * CSV, ARCHIVE, MRG_MyISAM, BLACKHOLE...) logs each statement's rows at once, in an event group
 * of their own, so the other node's capture cannot tell Duplex's write from the application's
 * and sends it back. Both the precheck and the capture decide through this class.
 */
public final class StorageEngines {
    /** The engine Duplex synchronizes, as information_schema.TABLES.ENGINE names it. */
    public static final String INNODB = "InnoDB";

    private StorageEngines() {}

    /**
     * Whether rows of a table with {@code engine} are logged inside their transaction. Only InnoDB
     * counts: other transactional engines (MyRocks, TokuDB) are untested with the marker, and an
     * unknown or missing engine (a table the server cannot open) is refused rather than guessed.
     */
    public static boolean isTransactional(String engine) {
        return INNODB.equalsIgnoreCase(engine);
    }

    /** The statement that makes {@code db.table} synchronizable. */
    public static String fix(String database, String table) {
        return "ALTER TABLE " + Identifiers.qualified(database, table) + " ENGINE=" + INNODB + ";";
    }

    /** Why a table with {@code engine} cannot be synchronized, for reports and task reasons. */
    public static String why(String engine) {
        String which = engine == null ? "its storage engine is unknown (the server cannot open the table) and so not"
                + " known to be transactional" : "the " + engine + " storage engine is not transactional";
        return which + ": its row changes are logged outside the transaction that holds Duplex's"
                + " duplex.apply_checkpoint marker, so Duplex's own writes to the table cannot be told from the"
                + " application's and would be sent back to the other node";
    }
}
