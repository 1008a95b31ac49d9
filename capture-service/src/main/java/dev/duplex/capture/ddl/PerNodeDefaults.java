package dev.duplex.capture.ddl;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.sql.Identifiers;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * An ALTER TABLE that adds a column whose DEFAULT calls a function giving each server, or each
 * row, its own value (UUID(), RAND(), SYSDATE(), NEXTVAL(), USER()...) fills the table's existing
 * rows on node a with values the binlog never carries: node b, running the same statement, fills
 * its rows with other ones, and every row would differ without a word. Such a statement stops the
 * task before it is published, unless node a's table is empty now: then every row the statement
 * filled has been deleted since, and those deletes reach node b after the statement.
 *
 * <p>NOW(), CURRENT_TIMESTAMP and the like are not in the list: node b runs the statement at node
 * a's time (SET TIMESTAMP, microseconds included), so they give the same value on both nodes.
 */
final class PerNodeDefaults {
    /** Functions whose value differs per server, per session or per call (MariaDB and MySQL). */
    private static final Set<String> FUNCTIONS = Set.of("UUID", "UUID_SHORT", "SYS_GUID", "RAND", "RANDOM_BYTES",
            "SYSDATE", "NEXTVAL", "LASTVAL", "SETVAL", "CONNECTION_ID", "USER", "CURRENT_USER", "SESSION_USER",
            "SYSTEM_USER", "CURRENT_ROLE", "LAST_INSERT_ID", "ROW_COUNT", "FOUND_ROWS", "VERSION",
            "LOAD_FILE");
    /** The same without parentheses. */
    private static final Set<String> BARE = Set.of("CURRENT_USER", "CURRENT_ROLE");

    private final TaskConfig config;
    private final BiPredicate<String, String> holdsRows;

    /** @param holdsRows whether node a's {@code db.table} holds a row now */
    PerNodeDefaults(TaskConfig config, BiPredicate<String, String> holdsRows) {
        this.config = config;
        this.holdsRows = holdsRows;
    }

    /**
     * @param kept the clauses node b gets
     * @throws IncompatibleSourceException when one of them adds such a column to a table with rows
     */
    void requireSameValues(Ddl d, List<Part> kept, String db, String table, String position) {
        if (d.kind() != Ddl.Kind.ALTER_TABLE) {
            return;
        }
        for (Part p : kept) {
            if (p.kind() != Part.Kind.COLUMN || !d.tokens().get(p.from()).is("ADD")) {
                continue;
            }
            Optional<String> call = perNodeCall(d.tokens(), p.from(), p.to());
            if (call.isPresent() && holdsRows.test(db, table)) {
                throw stop(Identifiers.qualified(db, table), call.get(), position);
            }
        }
    }

    /** The first function with a per-node value inside a DEFAULT of tokens [from, to). */
    static Optional<String> perNodeCall(List<Token> tokens, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (!tokens.get(i).is("DEFAULT")) {
                continue;
            }
            int end = valueEnd(tokens, i + 1, to);
            for (int j = i + 1; j < end; j++) {
                Optional<String> call = call(tokens, j, end);
                if (call.isPresent()) {
                    return call;
                }
            }
        }
        return Optional.empty();
    }

    /** Just after the default value at {@code at}: a group, a call, NEXT/PREVIOUS VALUE FOR seq, or one token. */
    private static int valueEnd(List<Token> tokens, int at, int to) {
        if (tokens.get(at).is("NEXT") || tokens.get(at).is("PREVIOUS")) {
            return Math.min(at + 4, to);
        }
        int open = tokens.get(at).isSymbol("(") ? at : at + 1 < to && tokens.get(at + 1).isSymbol("(") ? at + 1 : -1;
        return open < 0 ? at + 1 : new Cursor(tokens, at, to).closeOf(open);
    }

    private static Optional<String> call(List<Token> tokens, int i, int end) {
        Token t = tokens.get(i);
        boolean paren = i + 1 < end && tokens.get(i + 1).isSymbol("(");
        if (t.type() == Token.Type.WORD && (paren && FUNCTIONS.contains(t.upper()) || BARE.contains(t.upper()))) {
            return Optional.of(t.upper() + "()");
        }
        if ((t.is("NEXT") || t.is("PREVIOUS")) && i + 2 < end && tokens.get(i + 1).is("VALUE")
                && tokens.get(i + 2).is("FOR")) {
            return Optional.of(t.upper() + " VALUE FOR");
        }
        if (t.type() == Token.Type.VARIABLE) {
            return Optional.of(t.text());
        }
        return Optional.empty();
    }

    private IncompatibleSourceException stop(String table, String call, String position) {
        String task = config.task();
        return new IncompatibleSourceException("an ALTER TABLE on node a added a column to selected table " + table
                + " with a DEFAULT that calls " + call + ", which gives each server its own value: node a filled the"
                + " table's rows with values the binlog does not carry, and node b, running the same statement, would"
                + " fill its rows with other ones. Capture stopped before publishing it. Fix: remove " + table
                + " from the task's objects (duplex task put, or edit the file duplex local runs) and start task "
                + task + " again (duplex task start " + task + ", or restart duplex local): capture resumes from its"
                + " checkpoint and leaves the statement out. Then run the statement on node b's table yourself, select the table again (duplex task put)"
                + " and copy node a's values with duplex verify --repair --source a (writes to the table on node b"
                + " meanwhile are overwritten). Or reset the task (duplex task reset " + task + " --yes) and start it"
                + " again with a full sync. Next time add such a column with a constant DEFAULT, fill it with an"
                + " UPDATE on node a (its rows reach node b), then ALTER COLUMN ... SET DEFAULT", position, 0, null);
    }
}
