package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * Cell readers for the column types the binlog library decodes lossily: temporals (it maps zero
 * dates to null and drops the sign of TIME), YEAR 0 (it adds 1900) and BIT (kept as a plain
 * number here). Temporals come out as MySQL's text, YEAR as its value, BIT as its bits.
 */
final class ExactCells {
    private static final Set<ColumnType> HANDLED = EnumSet.of(ColumnType.BIT, ColumnType.DATE, ColumnType.TIME,
            ColumnType.TIME_V2, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_V2, ColumnType.DATETIME,
            ColumnType.DATETIME_V2, ColumnType.YEAR);

    private ExactCells() {}

    static boolean handles(ColumnType type) {
        return HANDLED.contains(type);
    }

    static Serializable read(ColumnType type, int meta, ByteArrayInputStream in) throws IOException {
        return switch (type) {
            case BIT -> bits(meta, in);
            case DATE -> TemporalCells.date(in.read(3));
            case TIME -> TemporalCells.timeV1(in.read(3));
            case TIME_V2 -> TemporalCells.timeV2(in.read(3 + TemporalCells.fractionBytes(meta)), meta);
            case TIMESTAMP -> TemporalCells.timestamp(in.readLong(4), 0, 0);
            case TIMESTAMP_V2 -> TemporalCells.timestampV2(in.read(4 + TemporalCells.fractionBytes(meta)), meta);
            case DATETIME -> TemporalCells.datetimeV1(in.readLong(8));
            case DATETIME_V2 -> TemporalCells.datetimeV2(in.read(5 + TemporalCells.fractionBytes(meta)), meta);
            case YEAR -> year(in.readInteger(1));
            default -> throw new IllegalArgumentException("not an exact cell type: " + type);
        };
    }

    /** BIT(n) is stored big-endian in ceil(n/8) bytes; metadata holds (bytes, bits) as (meta>>8, meta&0xFF). */
    static Long bits(int meta, ByteArrayInputStream in) throws IOException {
        int width = bitWidth(meta);
        byte[] raw = in.read((width + 7) / 8);
        long v = 0;
        for (byte b : raw) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    static int bitWidth(int meta) {
        return (meta >> 8) * 8 + (meta & 0xFF);
    }

    static Integer year(int stored) {
        return stored == 0 ? 0 : 1900 + stored;
    }
}
