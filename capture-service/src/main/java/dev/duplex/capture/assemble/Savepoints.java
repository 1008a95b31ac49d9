package dev.duplex.capture.assemble;

import dev.duplex.core.error.DecodeException;
import dev.duplex.core.error.StartOver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The savepoints of an open transaction, as where each was set in its list of changes. A
 * transaction that wrote a non-transactional table after a savepoint is logged whole, with
 * {@code SAVEPOINT s} and {@code ROLLBACK TO s} among its events: the row events between them were
 * undone on the source and must be dropped here too, or node b keeps rows node a never kept.
 */
final class Savepoints {
    private static final Pattern NAME = Pattern.compile("^(?:\\s|/\\*.*?\\*/)*(?:SAVEPOINT|RELEASE\\s+SAVEPOINT"
            + "|ROLLBACK(?:\\s+WORK)?\\s+TO(?:\\s+SAVEPOINT)?)\\s+(`(?:[^`]|``)+`|[^\\s;]+)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final LinkedHashMap<String, Integer> marks = new LinkedHashMap<>();

    /**
     * Applies a savepoint statement to {@code changes}.
     *
     * @throws DecodeException when it rolls back to a savepoint this transaction never set: the
     *                         changes it undid are unknown
     */
    void apply(StatementKind kind, String sql, List<CapturedChange> changes, String position) {
        String name = name(sql);
        switch (kind) {
            case SAVEPOINT -> {
                marks.remove(name); // a name set again moves: later savepoints stay after it
                marks.put(name, changes.size());
            }
            case RELEASE_SAVEPOINT -> marks.remove(name);
            case ROLLBACK_TO -> {
                Integer at = marks.get(name);
                if (at == null) {
                    throw new DecodeException("'" + sql + "' rolls back to a savepoint its transaction did not set "
                            + "in the binlog read: the changes it undid are unknown. " + StartOver.with("<task>"),
                            position, 0, null);
                }
                changes.subList(at, changes.size()).clear();
                List<String> names = new ArrayList<>(marks.keySet());
                names.subList(names.indexOf(name) + 1, names.size()).forEach(marks::remove);
            }
            default -> throw new IllegalArgumentException("not a savepoint statement: " + kind);
        }
    }

    /** The savepoint a SAVEPOINT, RELEASE SAVEPOINT or ROLLBACK TO names; case-insensitive, as the servers take it. */
    static String name(String sql) {
        Matcher m = NAME.matcher(sql == null ? "" : sql);
        if (!m.find()) {
            return "";
        }
        String n = m.group(1);
        if (n.startsWith("`")) {
            n = n.substring(1, n.length() - 1).replace("``", "`");
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
