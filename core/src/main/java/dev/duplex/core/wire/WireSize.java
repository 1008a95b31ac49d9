package dev.duplex.core.wire;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An upper bound of the encoded size (wire format v2, UTF-8 bytes) of batch parts, computed
 * without encoding. It counts what the codec writes, rounding every number up to its widest
 * form, so a batch packed by these sizes never exceeds its limit once encoded.
 */
public final class WireSize {
    /**
     * Everything of a batch but its transactions: members, seq, range (GTID sets counted
     * separately), and the chain (format 2): its members, id and prev seq, and a source identity
     * of at most 255 characters, each escaped to at most 6 bytes.
     */
    static final int BATCH_FIXED = 400 + 150 + 255 * 6;
    private static final int TRANSACTION_FIXED = 110;
    private static final int ROW_FIXED = 80;
    private static final int DDL_FIXED = 30;
    private static final int SESSION_FIXED = 70;
    private static final int NUMBER_MAX = 26;

    private WireSize() {}

    public static long batchOverhead(String task, String file, String gtidSet, int transactions) {
        return BATCH_FIXED + 2L * string(task) + 4L * string(file) + 2L * string(gtidSet) + transactions;
    }

    /**
     * A whole batch from its range and the summed {@link #transaction} sizes of its transactions:
     * the bound the capture's batcher packs by, with the longer of the two file names (a rotation may
     * lie between two batches that are joined later).
     */
    public static long batch(String task, BinlogPosition from, BinlogPosition to, int transactions,
                             long transactionBytes) {
        String file = string(from.file()) >= string(to.file()) ? from.file() : to.file();
        return batchOverhead(task, file, from.gtidSet(), transactions) + string(to.gtidSet()) + transactionBytes;
    }

    public static long transaction(Transaction tx) {
        long size = TRANSACTION_FIXED + string(tx.gtid());
        for (Change c : tx.changes()) {
            size += change(c) + 1;
        }
        return size;
    }

    public static long change(Change change) {
        return switch (change) {
            case RowChange r -> row(r);
            case DdlChange d -> DDL_FIXED + string(d.statement()) + string(d.database()) + session(d.session());
        };
    }

    /** A DDL change's source session: members, a 20-digit time, each variable's name and value. */
    static long session(SourceSession session) {
        if (session == null) {
            return 0;
        }
        long size = SESSION_FIXED;
        for (Map.Entry<SessionVariable, String> e : session.variables().entrySet()) {
            size += string(e.getKey().serverName()) + 2 + switch (e.getKey().kind()) {
                case FLAG -> 5;
                case NUMBER -> 5;
                case NAME, TEXT -> string(e.getValue());
            };
        }
        return size;
    }

    static long row(RowChange r) {
        long size = ROW_FIXED + string(r.database()) + string(r.table()) + cachedNames(r.columns())
                + cachedNames(r.keyColumns());
        return size + image(r.before()) + image(r.after());
    }

    /**
     * The column and key names of a table's rows are the same (immutable) lists for every row the
     * selector makes, so recent lists keep their size (a small cache by identity: transactions mix
     * a few tables): a name list is counted once, not once per row. Racy by design (capture threads
     * share it): a holder is immutable and is only used for the very list it was counted for.
     */
    private record NamesSize(List<String> names, long size) {}

    private static final int NAME_SLOTS = 32;
    private static final NamesSize[] RECENT_NAMES = new NamesSize[NAME_SLOTS];

    private static long cachedNames(List<String> names) {
        int slot = System.identityHashCode(names) & (NAME_SLOTS - 1);
        NamesSize known = RECENT_NAMES[slot];
        if (known != null && known.names == names) {
            return known.size;
        }
        long size = names(names);
        RECENT_NAMES[slot] = new NamesSize(names, size);
        return size;
    }

    private static long names(List<String> names) {
        long size = 2;
        for (String n : names) {
            size += string(n) + 1;
        }
        return size;
    }

    private static long image(List<Value> image) {
        if (image == null) {
            return 0;
        }
        long size = 12;
        for (Value v : image) {
            size += value(v) + 1;
        }
        return size;
    }

    static long value(Value v) {
        return switch (v) {
            case Value.Null n -> 4;
            case Value.Int i -> 20;
            case Value.Text t -> string(t.value());
            case Value.UInt u -> tagged("u", 22);
            case Value.Decimal d -> tagged("dec", plainLength(d.value()) + 2);
            case Value.Float32 f -> tagged("f", NUMBER_MAX);
            case Value.Float64 d -> tagged("d", NUMBER_MAX);
            case Value.Bit b -> tagged("bit", b.width() + 2);
            case Value.Bytes b -> tagged("b", base64(b.value().length) + 2);
            case Value.Geometry g -> tagged("geo", base64(g.value().length) + 2);
            case Value.Date d -> tagged("date", string(d.text()));
            case Value.Time t -> tagged("time", string(t.text()));
            case Value.DateTime d -> tagged("dt", string(d.text()));
            case Value.Timestamp t -> tagged("ts", string(t.utcText()));
            case Value.Year y -> tagged("year", 4);
            case Value.Enum e -> tagged("enum", string(e.label()));
            case Value.Set s -> tagged("set", string(s.labels()));
            case Value.Json j -> tagged("json", string(j.text()));
        };
    }

    /** A JSON string with its quotes, escaped as the codec escapes (controls and U+FFFE/U+FFFF as \\uXXXX). */
    public static long string(String s) {
        int n = s.length();
        long size = 2 + n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            // One test for the plain printable ASCII that nearly all text is: one byte, counted above.
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                size += extra(c);
            }
        }
        return size;
    }

    /** Bytes beyond one that {@code c} takes written. */
    private static int extra(char c) {
        if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            return 5;
        }
        if (c == '"' || c == '\\') {
            return 1;
        }
        if (c < 0x80) {
            return 0;
        }
        if (c < 0x800 || Character.isSurrogate(c)) {
            return 1; // a surrogate pair is one 4-byte UTF-8 sequence
        }
        return 2;
    }

    /** The length of {@code d.toPlainString()}, without making the string. */
    static int plainLength(BigDecimal d) {
        int sign = d.signum() < 0 ? 1 : 0;
        int digits = d.signum() == 0 ? 1 : d.precision();
        int scale = d.scale();
        if (d.signum() == 0) {
            return scale <= 0 ? 1 : scale + 2;
        }
        if (scale <= 0) {
            return sign + digits - scale;
        }
        return sign + (digits > scale ? digits + 1 : scale + 2);
    }

    private static long tagged(String tag, long body) {
        return 5 + tag.length() + body;
    }

    private static long base64(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }
}
