package dev.duplex.capture.snapshot;

import dev.duplex.core.model.Value;
import java.util.List;

/**
 * Rows of one table read by one keyset query, in key order.
 *
 * @param rows    every column of each row, in table order
 * @param lastKey the key of the last row (the next query starts after it); the previous one if no rows
 * @param last    the query returned fewer rows than asked: the table is read to its end
 */
record Chunk(SnapshotTable table, List<List<Value>> rows, List<Value> lastKey, boolean last) {
    Chunk {
        rows = List.copyOf(rows);
        lastKey = lastKey == null ? null : List.copyOf(lastKey);
    }
}
