package dev.duplex.core.model;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Order of a message in its group, derived only from binlog coordinates so that a re-sent
 * transaction always gets the same seq.
 *
 * <p>A transaction is keyed by the position where it starts and its fragment index. Snapshot
 * chunks are keyed by the snapshot start position with phase {@link #SNAPSHOT}, so they sort
 * after every transaction that started before the snapshot and before every one that started
 * at or after it.
 *
 * <p>The text form is fixed-width so that string order equals seq order (the apply checkpoint
 * and dedup ids store it as text).
 */
public record Seq(long file, long pos, int phase, long sub) implements Comparable<Seq> {

    public static final int SNAPSHOT = 0;
    public static final int CHANGE = 1;
    /** Sorts before every real seq: the stored value of a checkpoint that never applied anything. */
    public static final Seq ZERO = new Seq(0, 0, SNAPSHOT, 0);

    private static final Pattern TEXT = Pattern.compile("(\\d{10})\\.(\\d{13})\\.([01])\\.(\\d{10})");
    private static final Comparator<Seq> ORDER = Comparator.comparingLong(Seq::file)
            .thenComparingLong(Seq::pos).thenComparingInt(Seq::phase).thenComparingLong(Seq::sub);

    public Seq {
        check(file >= 0 && file <= 9_999_999_999L, "file index", file);
        check(pos >= 0 && pos <= 9_999_999_999_999L, "position", pos);
        check(phase == SNAPSHOT || phase == CHANGE, "phase", phase);
        check(sub >= 0 && sub <= 9_999_999_999L, "sub-index", sub);
    }

    /** Seq of fragment {@code fragment} of the transaction starting at {@code start}. */
    public static Seq ofTransaction(BinlogPosition start, int fragment) {
        return new Seq(start.fileIndex(), start.pos(), CHANGE, fragment);
    }

    /** Seq of snapshot chunk {@code chunk}, taken at snapshot start position {@code start}. */
    public static Seq ofSnapshotChunk(BinlogPosition start, long chunk) {
        return new Seq(start.fileIndex(), start.pos(), SNAPSHOT, chunk);
    }

    public static Seq parse(String text) {
        var m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "seq must look like 0000000001.0000000000004.1.0000000000, got '" + text + "'");
        }
        return new Seq(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)));
    }

    /** {@code %010d.%013d.%d.%010d}, written without the formatter: every transaction on the wire carries it. */
    public String text() {
        StringBuilder out = new StringBuilder(37);
        padded(out, file, 10).append('.');
        padded(out, pos, 13).append('.').append(phase).append('.');
        return padded(out, sub, 10).toString();
    }

    private static StringBuilder padded(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    @Override
    public int compareTo(Seq o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return text();
    }

    private static void check(boolean ok, String what, long value) {
        if (!ok) {
            throw new IllegalArgumentException("seq " + what + " out of range: " + value);
        }
    }
}
