package dev.duplex.core.sql;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The DDL a direct full sync runs on node b to build a table's non-unique secondary indexes once,
 * sorted, after its copy instead of row by row during it: their definitions are recorded in
 * {@code duplex.}{@value DuplexSchema#DEFERRED_INDEX}, the indexes dropped, and added back in one
 * statement when the table is copied. Both statements carry {@link #MARKER}: node b's capture never
 * synchronizes a statement that carries it (the indexes exist on node a all along).
 */
public final class DeferredIndexes {
    /** In every statement that drops or adds back a deferred index; capture never synchronizes such a statement. */
    public static final String MARKER = "/* duplex:deferred-index */";

    private DeferredIndexes() {}

    /** Drops {@code names} (at least one) of {@code db.table} in one statement. */
    public static String drop(String database, String table, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no index to drop");
        }
        return "ALTER TABLE " + MARKER + " " + qualified(database, table) + " "
                + names.stream().map(n -> "DROP INDEX " + quote(n)).collect(Collectors.joining(", "));
    }

    /**
     * Adds {@code definitions} (each a {@code KEY ...} line of SHOW CREATE TABLE, at least one) back
     * in one statement, which builds them in one pass over the table.
     *
     * @param online without locking out writes (ALGORITHM=INPLACE, LOCK=NONE); a server that
     *               refuses it for this table is asked again without
     */
    public static String add(String database, String table, List<String> definitions, boolean online) {
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("no index to add");
        }
        return "ALTER TABLE " + MARKER + " " + qualified(database, table) + " "
                + definitions.stream().map(d -> "ADD " + d).collect(Collectors.joining(", "))
                + (online ? ", ALGORITHM=INPLACE, LOCK=NONE" : "");
    }

    /**
     * The definition of index {@code name} in {@code showCreateTable} (SHOW CREATE TABLE's text, with
     * backtick quoting), without the separating comma: exactly as the server prints it, prefix
     * lengths, DESC, comments, IGNORED or INVISIBLE included. Null when it is not a plain
     * {@code KEY} line there (a UNIQUE, FULLTEXT or SPATIAL key, say).
     */
    public static String definition(String showCreateTable, String name) {
        String prefix = "KEY " + quote(name) + " ";
        for (String line : showCreateTable.split("\n")) {
            String l = line.strip();
            if (l.startsWith(prefix)) {
                return l.endsWith(",") ? l.substring(0, l.length() - 1) : l;
            }
        }
        return null;
    }
}
