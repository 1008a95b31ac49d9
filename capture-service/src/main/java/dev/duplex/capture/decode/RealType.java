package dev.duplex.capture.decode;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.util.EnumSet;
import java.util.Set;

/**
 * A column's real type and byte length. The table map stores CHAR, BINARY, ENUM and SET all as
 * type STRING and packs the real type and the length into the metadata (MySQL's
 * log_event_print_value); this undoes that packing.
 */
record RealType(ColumnType type, int length) {
    /** Types whose charset the table-map metadata lists (MySQL's is_character_type). */
    private static final Set<ColumnType> CHARACTER = EnumSet.of(ColumnType.STRING, ColumnType.VAR_STRING,
            ColumnType.VARCHAR, ColumnType.BLOB, ColumnType.TINY_BLOB, ColumnType.MEDIUM_BLOB, ColumnType.LONG_BLOB,
            ColumnType.GEOMETRY);

    static RealType of(int typeCode, int meta) {
        if (typeCode != ColumnType.STRING.getCode()) {
            ColumnType type = ColumnType.byCode(typeCode);
            if (type == null) {
                throw new IllegalArgumentException("unknown binlog column type " + typeCode);
            }
            return new RealType(type, meta);
        }
        if (meta < 256) {
            return new RealType(ColumnType.STRING, meta);
        }
        int meta0 = meta >> 8;
        int meta1 = meta & 0xFF;
        if ((meta0 & 0x30) != 0x30) {
            // CHAR longer than 255 bytes: two bits of the length live in the type byte.
            return new RealType(ColumnType.byCode(meta0 | 0x30), meta1 | (((meta0 & 0x30) ^ 0x30) << 4));
        }
        ColumnType real = ColumnType.byCode(meta0);
        return new RealType(real == null ? ColumnType.STRING : real, meta1);
    }

    boolean isCharacter() {
        return CHARACTER.contains(type);
    }
}
