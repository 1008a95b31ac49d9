package dev.duplex.capture.snapshot;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The keyset query that reads one chunk: every column, rows after the last key read, in key
 * order, at most {@code rows}. A composite key (k1, k2) becomes
 * {@code k1 > ? OR (k1 = ? AND k2 > ?)}, which the range optimizer of every MySQL and MariaDB
 * version turns into an index range (row constructors are not optimized everywhere).
 */
final class ChunkQuery {
    private ChunkQuery() {}

    /** The first chunk's query: no lower bound. */
    static String first(SnapshotTable t, int rows) {
        return select(t) + orderAndLimit(t, rows);
    }

    /** The query of every later chunk; bind {@link #parameters} of the last key read. */
    static String after(SnapshotTable t, int rows) {
        List<String> keys = t.key().stream().map(k -> keyExpression(t, k)).toList();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> parts = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                parts.add(keys.get(j) + " = ?");
            }
            parts.add(keys.get(i) + " > ?");
            terms.add(parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")");
        }
        return select(t) + " WHERE " + String.join(" OR ", terms) + orderAndLimit(t, rows);
    }

    /** The values bound to {@link #after}'s placeholders, in order. */
    static List<Value> parameters(List<Value> lastKey) {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < lastKey.size(); i++) {
            out.addAll(lastKey.subList(0, i + 1));
        }
        return out;
    }

    private static String select(SnapshotTable t) {
        return "SELECT " + t.columns().stream().map(c -> c.kind().expression(quote(c.name())))
                .collect(Collectors.joining(", ")) + " FROM " + qualified(t.database(), t.table());
    }

    private static String orderAndLimit(SnapshotTable t, int rows) {
        return " ORDER BY " + t.key().stream().map(k -> keyExpression(t, k)).collect(Collectors.joining(", "))
                + " LIMIT " + rows;
    }

    /**
     * ENUM and SET sort by their index but compare with text by their label: both sides use the
     * label text instead, or the keyset would skip rows. Every other key column is used as is.
     */
    private static String keyExpression(SnapshotTable t, String column) {
        ReadKind kind = t.column(column).kind();
        return kind == ReadKind.ENUM || kind == ReadKind.SET ? "CAST(" + quote(column) + " AS CHAR)" : quote(column);
    }
}
