package dev.duplex.core.sql;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What last-writer-wins adds to one table on a node, as statements: the only place that knows
 * the version column's definition, the tombstone table and the three triggers.
 *
 * <ul>
 *   <li>The version column (unless the user names one): {@code TIMESTAMP(6)}, invisible, added with
 *       a fixed default first so that rows already on both nodes get the same version on both,
 *       then given {@code DEFAULT CURRENT_TIMESTAMP(6)}. No {@code ON UPDATE}: the update trigger
 *       moves it for local writes, and the apply's writes must keep the origin's version, never
 *       get the target's clock (an apply UPDATE that sets counters alone would).</li>
 *   <li>The tombstone table in the duplex schema: the table's primary key and {@code deleted_at}.</li>
 *   <li>Triggers that keep versions moving forward on local writes: an insert or update gets a
 *       version above the row's previous one and above its key's tombstone, so a write made after
 *       another one never loses to it, whatever the two clocks say; a delete (and the old key of
 *       a primary-key change) leaves a tombstone with its time, in the same transaction. The apply
 *       session sets {@link #APPLY_VARIABLE}, and the triggers leave its writes alone: apply writes
 *       the origin's version and tombstones itself.</li>
 * </ul>
 *
 * Every statement carries {@link #MARKER}: capture skips statements that carry it (they are made
 * on both nodes, never synchronized) and only re-reads the table's definition.
 */
public final class LwwObjects {
    /** In every statement Duplex runs for last-writer-wins; capture never publishes such a statement. */
    public static final String MARKER = "/* duplex:lww */";
    /** User variable the apply session sets; the triggers do nothing while it is set. */
    public static final String APPLY_VARIABLE = "@duplex_apply";
    public static final String DELETED_AT = "deleted_at";
    /** The version every row present before last-writer-wins was set up gets, on both nodes alike. */
    public static final String INITIAL_VERSION = "1970-01-01 00:00:01.000000";
    private static final String TOMBSTONE_PREFIX = "tomb_";

    /** A primary key column with its full type (e.g. "varchar(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"). */
    public record KeyColumn(String name, String type) {}

    /** One statement Duplex runs, with the id a precheck warning shows it under. */
    public record Step(String id, String sql) {}

    /**
     * @param versionColumn the version column's name
     * @param ownColumn     whether Duplex adds and fills it (false: the user's lwwColumn)
     */
    public record Table(String database, String table, List<KeyColumn> key, String versionColumn, boolean ownColumn) {
        public Table {
            key = List.copyOf(key);
            if (key.isEmpty()) {
                throw new IllegalArgumentException(database + "." + table + " has no primary key");
            }
        }
    }

    private LwwObjects() {}

    /** The tombstone table of {@code database.table} (in the duplex schema); fits MySQL's 64 characters. */
    public static String tombstoneTable(String database, String table) {
        return DuplexSchema.perTable(TOMBSTONE_PREFIX, database, table);
    }

    public static boolean isTombstoneTable(String table) {
        return table.startsWith(TOMBSTONE_PREFIX);
    }

    /** Whether {@code trigger} is one of the triggers last-writer-wins creates. */
    public static boolean isTrigger(String trigger) {
        return trigger.startsWith("duplex_lww_");
    }

    /** The name of one of the table's triggers: "bi" (before insert), "bu" (before update), "ad" (after delete). */
    public static String triggerName(String table, String kind) {
        return "duplex_lww_" + kind + "_" + DuplexSchema.readable(table, 30) + "_"
                + DuplexSchema.shortHash(table).substring(0, 8);
    }

    /** The statements adding the version column (empty for the user's column). */
    public static List<Step> versionColumn(Table t) {
        if (!t.ownColumn()) {
            return List.of();
        }
        String table = qualified(t.database(), t.table());
        String column = quote(t.versionColumn());
        return List.of(
                new Step("lww.column", "ALTER TABLE " + MARKER + " " + table + " ADD COLUMN " + column
                        + " TIMESTAMP(6) NOT NULL DEFAULT '" + INITIAL_VERSION + "' INVISIBLE"),
                new Step("lww.column", "ALTER TABLE " + MARKER + " " + table + " MODIFY COLUMN " + column
                        + " TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) INVISIBLE"));
    }

    public static Step tombstones(Table t) {
        String columns = t.key().stream().map(k -> quote(k.name()) + " " + k.type() + " NOT NULL")
                .collect(Collectors.joining(", "));
        return new Step("lww.tombstones", "CREATE TABLE IF NOT EXISTS " + MARKER + " "
                + qualified(DuplexSchema.SCHEMA, tombstoneTable(t.database(), t.table())) + " (" + columns + ", "
                + quote(DELETED_AT) + " TIMESTAMP(6) NOT NULL, PRIMARY KEY (" + keyList(t, "") + "))"
                + " ENGINE=InnoDB COMMENT='Duplex last-writer-wins tombstones of " + t.database().replace("'", "''")
                + "." + t.table().replace("'", "''") + "'");
    }

    /** The three triggers; each statement is one CREATE TRIGGER (no DELIMITER needed over JDBC). */
    public static List<Step> triggers(Table t) {
        String v = quote(t.versionColumn());
        String newVersion = t.ownColumn() ? "NOW(6)" : "COALESCE(NEW." + v + ", NOW(6))";
        String updated = t.ownColumn() ? "NOW(6)"
                : "IF(NEW." + v + " <=> OLD." + v + " OR NEW." + v + " IS NULL, NOW(6), NEW." + v + ")";
        String afterTomb = "COALESCE((SELECT " + quote(DELETED_AT) + " + INTERVAL 1 MICROSECOND FROM " + tomb(t)
                + " WHERE " + keyMatch(t, "NEW.") + "), NOW(6))";
        String insert = "SET NEW." + v + " = GREATEST(" + newVersion + ", " + afterTomb + ");";
        String update = "SET NEW." + v + " = GREATEST(" + updated + ", OLD." + v + " + INTERVAL 1 MICROSECOND, "
                + afterTomb + ");\n    IF NOT (" + keyUnchanged(t) + ") THEN " + bury(t, "NEW." + v) + " END IF;";
        String delete = bury(t, "GREATEST(NOW(6), OLD." + v + ")");
        return List.of(
                trigger(t, "bi", "BEFORE INSERT", insert),
                trigger(t, "bu", "BEFORE UPDATE", update),
                trigger(t, "ad", "AFTER DELETE", delete));
    }

    /** Everything, in the order to run it. */
    public static List<Step> all(Table t) {
        List<Step> steps = new ArrayList<>(versionColumn(t));
        steps.add(tombstones(t));
        steps.addAll(triggers(t));
        return List.copyOf(steps);
    }

    private static Step trigger(Table t, String kind, String timing, String body) {
        return new Step("lww.trigger", "CREATE TRIGGER " + qualified(t.database(), triggerName(t.table(), kind)) + " "
                + timing + " ON " + qualified(t.database(), t.table()) + " FOR EACH ROW\nBEGIN " + MARKER + "\n"
                + "  IF " + APPLY_VARIABLE + " IS NULL THEN\n    " + body + "\n  END IF;\nEND");
    }

    /** Records the OLD key's tombstone at {@code time}, keeping a later one already there. */
    private static String bury(Table t, String time) {
        String d = quote(DELETED_AT);
        return "INSERT INTO " + tomb(t) + " (" + keyList(t, "") + ", " + d + ") VALUES (" + keyList(t, "OLD.") + ", "
                + time + ") ON DUPLICATE KEY UPDATE " + d + " = GREATEST(" + d + ", VALUES(" + d + "));";
    }

    private static String tomb(Table t) {
        return qualified(DuplexSchema.SCHEMA, tombstoneTable(t.database(), t.table()));
    }

    private static String keyList(Table t, String prefix) {
        return t.key().stream().map(k -> prefix + quote(k.name())).collect(Collectors.joining(", "));
    }

    private static String keyMatch(Table t, String prefix) {
        return t.key().stream().map(k -> quote(k.name()) + " = " + prefix + quote(k.name()))
                .collect(Collectors.joining(" AND "));
    }

    private static String keyUnchanged(Table t) {
        return t.key().stream().map(k -> "NEW." + quote(k.name()) + " <=> OLD." + quote(k.name()))
                .collect(Collectors.joining(" AND "));
    }
}
