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
        // By hand, without a substring or a stream: capture reads it for every transaction it publishes.
        int dot = file.lastIndexOf('.');
        int digits = dot < 0 ? 0 : file.length() - dot - 1;
        if (digits == 0 || digits > 10) {
            throw notNumbered(file);
        }
        long index = 0;
        for (int i = dot + 1; i < file.length(); i++) {
            int digit = Character.digit(file.charAt(i), 10);
            if (digit < 0) {
                throw notNumbered(file);
            }
            index = index * 10 + digit;
        }
        return index;
    }

    private static IllegalArgumentException notNumbered(String file) {
        return new IllegalArgumentException(
                "binlog file name must end in a numeric suffix like mysql-bin.000042, got '" + file + "'");
    }
}
