package dev.duplex.capture.reader;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * MariaDB's column compression ({@code VARCHAR(n) COMPRESSED}, {@code BLOB COMPRESSED}). The table
 * map names such a column with a type of its own (BLOB_COMPRESSED 140, VARCHAR_COMPRESSED 141)
 * that the library does not know: it failed on every table map of a table that had one, selected
 * or not. The metadata and the cell framing are VARCHAR's and BLOB's, so the types are read as
 * those ({@link #rewrite}); the cell holds the stored form, one header byte and then the value
 * as is (header 0) or deflated (header 0x80 | bytes of the length | 8 without zlib's wrapper,
 * then the length big-endian), which
 * {@link #inflate} turns back into the value the application wrote.
 */
final class CompressedColumns {
    static final int BLOB_COMPRESSED = 140;
    static final int VARCHAR_COMPRESSED = 141;
    /** Table id and flags before the names (the post-header of every server since 5.1). */
    private static final int POST_HEADER = 8;

    private CompressedColumns() {}

    /** A table map body with its compressed types read as their plain ones, and which columns they were. */
    record Rewritten(byte[] body, BitSet compressed) {}

    /** {@code body} unchanged (same array) when no column is compressed. */
    static Rewritten rewrite(byte[] body) {
        int p = POST_HEADER;
        p += (body[p] & 0xFF) + 2; // database name: length, bytes, 0
        p += (body[p] & 0xFF) + 2; // table name
        int first = body[p] & 0xFF;
        long columns;
        if (first < 251) {
            columns = first;
            p += 1;
        } else if (first == 252) {
            columns = (body[p + 1] & 0xFF) | (body[p + 2] & 0xFF) << 8;
            p += 3;
        } else {
            columns = (body[p + 1] & 0xFF) | (body[p + 2] & 0xFF) << 8 | (body[p + 3] & 0xFF) << 16;
            p += 4; // a table has at most 4,096 columns: 253 is the longest form that occurs
        }
        BitSet compressed = new BitSet();
        byte[] out = body;
        for (int i = 0; i < columns; i++) {
            int type = body[p + i] & 0xFF;
            if (type == VARCHAR_COMPRESSED || type == BLOB_COMPRESSED) {
                if (out == body) {
                    out = body.clone();
                }
                out[p + i] = (byte) (type == VARCHAR_COMPRESSED ? ColumnType.VARCHAR : ColumnType.BLOB).getCode();
                compressed.set(i);
            }
        }
        return new Rewritten(out, compressed);
    }

    /**
     * The rows side of one reader: its table maps are told to it, and until one has a compressed
     * column (most servers never have one) a row is passed on without a look at its table map, so
     * the row deserializers do not pay a second look-up per row for it.
     */
    static final class Rows {
        private final Map<Long, TableMapEventData> tables;
        private boolean any;

        Rows(Map<Long, TableMapEventData> tables) {
            this.tables = tables;
        }

        void mapped(TableMapEventData map) {
            any |= map instanceof CompressedMap;
        }

        /** {@code row} with its compressed cells inflated. */
        Serializable[] inflated(long tableId, BitSet included, Serializable[] row) throws IOException {
            if (any) {
                inflate(tables.get(tableId), included, row);
            }
            return row;
        }
    }

    /** Replaces the stored form of each compressed column's cell in {@code row} by its value. */
    static void inflate(TableMapEventData map, BitSet included, Serializable[] row) throws IOException {
        if (!(map instanceof CompressedMap m)) {
            return;
        }
        int cell = 0;
        for (int column = included.nextSetBit(0); column >= 0; column = included.nextSetBit(column + 1), cell++) {
            if (m.compressed.get(column) && row[cell] instanceof byte[] stored) {
                row[cell] = inflate(stored, map, column);
            }
        }
    }

    static byte[] inflate(byte[] stored, TableMapEventData map, int column) throws IOException {
        if (stored.length == 0) {
            return stored; // '' is stored without a header
        }
        int header = stored[0] & 0xFF;
        if ((header & 0x80) == 0) {
            return Arrays.copyOfRange(stored, 1, stored.length);
        }
        int lengthBytes = header & 0x07;
        if ((header & 0x70) != 0 || lengthBytes == 0 || stored.length < 1 + lengthBytes) {
            throw malformed(map, column, "header byte 0x" + Integer.toHexString(header) + " of a " + stored.length
                    + "-byte cell");
        }
        long length = 0;
        for (int i = 1; i <= lengthBytes; i++) {
            length = length << 8 | (stored[i] & 0xFF);
        }
        Inflater inflater = new Inflater((header & 0x08) != 0); // 8: raw deflate, no zlib wrapper
        try {
            inflater.setInput(stored, 1 + lengthBytes, stored.length - 1 - lengthBytes);
            byte[] value = new byte[Math.toIntExact(length)];
            int n = 0;
            while (n < value.length && !inflater.finished()) {
                int got = inflater.inflate(value, n, value.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != value.length) {
                throw malformed(map, column, "inflated to " + n + " of its " + length + " bytes");
            }
            return value;
        } catch (DataFormatException | ArithmeticException e) {
            throw malformed(map, column, e.toString());
        } finally {
            inflater.end();
        }
    }

    private static IOException malformed(TableMapEventData map, int column, String what) {
        return new IOException("cannot read the compressed column " + (column + 1) + " of " + map.getDatabase() + "."
                + map.getTable() + " (MariaDB column compression): " + what);
    }

    /** A table map that knows which of its columns are compressed. */
    static final class CompressedMap extends TableMapEventData {
        private final BitSet compressed;

        CompressedMap(TableMapEventData decoded, BitSet compressed) {
            this.compressed = compressed;
            setTableId(decoded.getTableId());
            setDatabase(decoded.getDatabase());
            setTable(decoded.getTable());
            setColumnTypes(decoded.getColumnTypes());
            setColumnMetadata(decoded.getColumnMetadata());
            setColumnNullability(decoded.getColumnNullability());
            setEventMetadata(decoded.getEventMetadata());
        }
    }
}
