package dev.duplex.apply.parallel;

import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The key values a row change touches on its target, as tokens two transactions share exactly when
 * they may touch the same row or unique-key value: the primary key and every unique key, from the
 * before image and the after image. Wherever equality on the target is not byte equality, a token
 * is made coarser, never finer: texts are compared without case and trailing spaces, and a text
 * with anything but printable ASCII (which a collation may fold onto another: ä and ae, ß and ss,
 * ignorable characters) makes the whole key a wildcard, as do floating-point, JSON and spatial
 * parts. A table without a unique key, or a row that lacks one of a key's columns, makes the table
 * a wildcard.
 *
 * <p>A unique secondary index adds one more dependency: InnoDB checks a new entry for duplicates by
 * locking the next entry of the index too, even reading committed, so a lane writing a value waits
 * for another lane that wrote or deleted the neighbouring one. Every row that writes a new entry
 * there (an insert, an update that changes the key) makes that key a wildcard among the rows that
 * touch the index (insert, delete, key-changing update); updates that keep the key do not touch it.
 */
final class KeyTokens {
    private static final String WILD = null;
    private static final String NULL_PART = "\u0000null";

    private KeyTokens() {}

    static void register(KeyRegistry graph, int tx, RowChange change, TableInfo table) {
        String tableGroup = change.database().toLowerCase(Locale.ROOT) + "\u0001" + change.table().toLowerCase(Locale.ROOT);
        graph.member(tableGroup, tx);
        List<List<String>> keys = table == null || !table.exists() ? List.of() : table.uniqueKeys();
        if (keys.isEmpty()) {
            graph.wildcard(tableGroup);
            return;
        }
        for (int k = 0; k < keys.size(); k++) {
            int[] at = positions(change.columns(), keys.get(k));
            if (at == null) {
                graph.wildcard(tableGroup);
                return;
            }
            String keyGroup = tableGroup + "\u0001" + k;
            List<Value> before = values(change.before(), at);
            List<Value> after = values(change.after(), at);
            boolean clustered = k == 0 && sameColumns(keys.get(0), change.keyColumns());
            // Every row has its clustered key; a secondary index is touched by inserts, deletes and key changes only.
            if (clustered || !Objects.equals(before, after)) {
                graph.member(keyGroup, tx);
            }
            image(graph, tx, keyGroup, before);
            image(graph, tx, keyGroup, after);
            if (!clustered && after != null && !after.equals(before) && after.stream().noneMatch(v -> v instanceof Value.Null)) {
                graph.wildcard(keyGroup); // a new entry, checked for duplicates with its neighbour locked
            }
        }
    }

    private static List<Value> values(List<Value> image, int[] at) {
        if (image == null) {
            return null;
        }
        List<Value> out = new ArrayList<>(at.length);
        for (int i : at) {
            out.add(image.get(i));
        }
        return out;
    }

    /** Whether the target's first unique key is the source's primary key (then the table's clustered index). */
    private static boolean sameColumns(List<String> key, List<String> primary) {
        if (key.size() != primary.size()) {
            return false;
        }
        for (int i = 0; i < key.size(); i++) {
            if (!key.get(i).equalsIgnoreCase(primary.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Registers the token of one image's key values; a value that cannot be compared safely makes the key wild. */
    private static void image(KeyRegistry graph, int tx, String keyGroup, List<Value> key) {
        if (key == null) {
            return;
        }
        StringBuilder token = new StringBuilder(keyGroup);
        for (Value v : key) {
            String part = part(v);
            if (part == WILD) {
                graph.member(keyGroup, tx);
                graph.wildcard(keyGroup);
                return;
            }
            if (part.equals(NULL_PART)) {
                return; // a NULL part never collides: unique keys allow many
            }
            token.append('\u0001').append(part);
        }
        graph.token(token.toString(), tx);
    }

    /** Where each key column is among the row's columns (names compare without case); null if one is missing. */
    private static int[] positions(List<String> columns, List<String> key) {
        int[] at = new int[key.size()];
        for (int i = 0; i < key.size(); i++) {
            at[i] = -1;
            for (int c = 0; c < columns.size(); c++) {
                if (columns.get(c).equalsIgnoreCase(key.get(i))) {
                    at[i] = c;
                    break;
                }
            }
            if (at[i] < 0) {
                return null;
            }
        }
        return at;
    }

    /** One key part as compared on the target, coarsened; {@link #WILD} where that is not safe. */
    static String part(Value v) {
        return switch (v) {
            case Value.Null n -> NULL_PART;
            case Value.Int i -> "i" + i.value();
            case Value.UInt u -> "i" + u.text();
            case Value.Decimal d -> "i" + d.value().stripTrailingZeros().toPlainString();
            case Value.Bit b -> "b" + b.bits();
            case Value.Year y -> "i" + y.value();
            case Value.Text t -> text(t.value());
            case Value.Enum e -> text(e.label());
            case Value.Set s -> text(s.labels());
            case Value.Bytes b -> "x" + HexFormat.of().formatHex(b.value(), 0, padEnd(b.value()));
            case Value.Date d -> "t" + d.text();
            case Value.Time t -> "t" + t.text();
            case Value.DateTime d -> "t" + d.text();
            case Value.Timestamp t -> "t" + t.utcText();
            case Value.Float32 f -> WILD;
            case Value.Float64 f -> WILD;
            case Value.Json j -> WILD;
            case Value.Geometry g -> WILD;
        };
    }

    private static String text(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return WILD;
            }
        }
        return "s" + s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** BINARY(n) pads with zero bytes and PAD SPACE collations ignore trailing spaces: both are cut. */
    private static int padEnd(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return end;
    }
}
