package dev.duplex.capture.snapshot;

import dev.duplex.core.model.Value;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a reading thread makes of one chunk query's rows while it reads them: the chunk as its
 * consumer takes it, with the key the next query starts after. One per reading thread.
 *
 * @param <T> what a chunk becomes before it is queued
 */
interface ChunkForm<T> {
    /** One chunk read, and where the table's next query starts. */
    record Read<T>(T chunk, List<Value> lastKey, boolean last) {}

    /**
     * Reads {@code rs}, the rows of one keyset query on {@code t} asking for {@code chunkRows}.
     *
     * @param after the key the query started after (null: the table's first row), kept when no row came
     */
    Read<T> read(SnapshotTable t, ResultSet rs, List<Value> after, int chunkRows) throws SQLException;

    /** Every row as its column values ({@link Chunk}), then {@code shape} of that chunk. */
    static <T> ChunkForm<T> ofValues(Function<Chunk, T> shape) {
        return (t, rs, after, chunkRows) -> {
            List<SourceColumn> cols = t.columns();
            List<List<Value>> rows = new ArrayList<>();
            while (rs.next()) {
                Value[] row = new Value[cols.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = cols.get(i).read(rs, i + 1);
                }
                rows.add(List.of(row));
            }
            List<Value> lastKey = after;
            if (!rows.isEmpty()) {
                List<Value> row = rows.get(rows.size() - 1);
                lastKey = t.keyIndexes().stream().map(row::get).toList();
            }
            boolean last = rows.size() < chunkRows;
            return new Read<>(shape.apply(new Chunk(t, rows, lastKey, last)), lastKey, last);
        };
    }
}
