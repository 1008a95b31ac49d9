package dev.duplex.core.sql;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import java.util.List;

/**
 * The tables through which {@code duplex verify --repair} sends a row through the pipeline: one per
 * repaired table, {@code duplex.repair_<table>_<hash>}, made {@code LIKE} the table plus three
 * columns naming the table and whether the row is absent. A repair is a transaction on the source
 * node that locks the row, copies it (or its key, if the row is absent) into the repair table and
 * empties it again: the binlog then carries the row exactly as the source stores it, in order with
 * every other write to it. Capture publishes it as a change of the table itself, in a catch-up batch,
 * so the target takes it whatever its conflict policy; it is never echoed, as any applied change.
 */
public final class RepairTables {
    /** In every statement that makes a repair table; capture never synchronizes such a statement. */
    public static final String MARKER = "/* duplex:repair */";
    public static final String DB_COLUMN = "duplex_repair_db";
    public static final String TABLE_COLUMN = "duplex_repair_table";
    public static final String ABSENT_COLUMN = "duplex_repair_absent";
    public static final List<String> MARKER_COLUMNS = List.of(DB_COLUMN, TABLE_COLUMN, ABSENT_COLUMN);
    private static final String PREFIX = "repair_";

    private RepairTables() {}

    public static String name(String database, String table) {
        return DuplexSchema.perTable(PREFIX, database, table);
    }

    public static boolean isRepairTable(String table) {
        return table.startsWith(PREFIX);
    }

    public static boolean isMarkerColumn(String column) {
        return MARKER_COLUMNS.stream().anyMatch(c -> c.equalsIgnoreCase(column));
    }

    /** Drops and makes the repair table anew, so it has the table's definition of now. */
    public static List<String> create(String database, String table) {
        String repair = qualified(DuplexSchema.SCHEMA, name(database, table));
        return List.of(
                "DROP TABLE IF EXISTS " + MARKER + " " + repair,
                "CREATE TABLE " + MARKER + " " + repair + " LIKE " + qualified(database, table),
                "ALTER TABLE " + MARKER + " " + repair + " ADD COLUMN " + quote(DB_COLUMN) + " VARCHAR(64) NOT NULL,"
                        + " ADD COLUMN " + quote(TABLE_COLUMN) + " VARCHAR(64) NOT NULL,"
                        + " ADD COLUMN " + quote(ABSENT_COLUMN) + " TINYINT NOT NULL DEFAULT 0");
    }
}
