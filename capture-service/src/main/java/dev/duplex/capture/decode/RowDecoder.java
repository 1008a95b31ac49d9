package dev.duplex.capture.decode;

import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.Value;
import java.io.Serializable;
import java.util.List;

/** Turns one row image of the binlog into {@link Value}s aligned with {@link TableSchema#columns()} (an immutable list). */
public final class RowDecoder {
    private RowDecoder() {}

    /**
     * @param position where the row event is, for the error message
     * @throws DecodeException when a cell cannot be decoded exactly; never skipped
     */
    public static List<Value> decode(TableSchema table, Serializable[] row, String position) {
        if (row.length != table.columns().size()) {
            throw new DecodeException("row image of " + table.qualifiedName() + " has " + row.length
                    + " values for " + table.columns().size() + " columns; Duplex needs full row images "
                    + "(binlog_row_image=FULL)", position, 0, null);
        }
        Value[] values = new Value[row.length];
        for (int i = 0; i < row.length; i++) {
            values[i] = cell(table, table.columns().get(i), row[i], position);
        }
        // Immutable: the row change built from it keeps it as it is rather than copying it.
        return List.of(values);
    }

    private static Value cell(TableSchema table, ColumnSchema column, Serializable raw, String position) {
        if (raw == null) {
            return Value.Null.INSTANCE;
        }
        CellConverter converter = CellConverters.forType(column.type());
        if (converter == null) {
            throw new DecodeException("column " + table.qualifiedName() + "." + column.name() + " has binlog type "
                    + column.type() + ", which Duplex cannot capture", position, 0, null);
        }
        try {
            return converter.convert(column, raw);
        } catch (Exception e) {
            throw new DecodeException("cannot decode column " + table.qualifiedName() + "." + column.name()
                    + " (" + column.type() + ", charset " + column.charset() + "): " + e, position, 0, e);
        }
    }
}
