package dev.duplex.core.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * A point in one server's binlog. Ordered by file sequence number then offset; the GTID set
 * travels along for information and for GTID-based resume but does not take part in ordering.
 */
public record BinlogPosition(String file, long pos, String gtidSet) implements Comparable<BinlogPosition> {

    private static final Comparator<BinlogPosition> ORDER =
            Comparator.comparingLong(BinlogPosition::fileIndex).thenComparingLong(BinlogPosition::pos);

    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        if (pos < 0) {
            throw new IllegalArgumentException("binlog offset must be >= 0, got " + pos);
        }
        fileIndexOf(file);
        gtidSet = gtidSet == null ? "" : gtidSet;
    }

    public BinlogPosition(String file, long pos) {
        this(file, pos, "");
    }

    /** The numeric suffix of the binlog file name: mysql-bin.000042 is 42. */
    public long fileIndex() {
        return fileIndexOf(file);
    }

    public BinlogPosition withPos(long newPos) {
        return new BinlogPosition(file, newPos, gtidSet);
    }

    public BinlogPosition withGtidSet(String newGtidSet) {
        return new BinlogPosition(file, pos, newGtidSet);
    }

    @Override
    public int compareTo(BinlogPosition o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return file + ":" + pos + (gtidSet.isEmpty() ? "" : " [" + gtidSet + "]");
    }

    static long fileIndexOf(String file) {
        int dot = file.lastIndexOf('.');
        String suffix = dot < 0 ? "" : file.substring(dot + 1);
        if (suffix.isEmpty() || !suffix.chars().allMatch(Character::isDigit) || suffix.length() > 10) {
            throw new IllegalArgumentException(
                    "binlog file name must end in a numeric suffix like mysql-bin.000042, got '" + file + "'");
        }
        return Long.parseLong(suffix);
    }
}
