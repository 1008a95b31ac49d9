package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.TableSchema;
import dev.duplex.capture.filter.ObjectFilter;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What node b gets of a chunk: each row goes through capture's own selection (selected columns,
 * WHERE filter, insert operation, names on node b) as an INSERT, like a binlog row would. Not
 * thread-safe: one per thread.
 */
final class ChunkSelection {
    private static final String POSITION = "full sync";

    private final ObjectFilter filter;
    private final Map<SnapshotTable, TableSchema> schemas = new IdentityHashMap<>();

    ChunkSelection(TaskConfig config, Direction direction, Dialect dialect) {
        this.filter = new ObjectFilter(config, direction, dialect);
    }

    /** How each row of {@code t} becomes node b's INSERT when the selection takes every row as it is; else empty. */
    Optional<ObjectFilter.InsertLayout> plainInserts(SnapshotTable t) {
        return filter.plainInserts(schemas.computeIfAbsent(t, SnapshotTable::schema), POSITION);
    }

    /** The INSERTs node b gets for {@code chunk}: rows the WHERE filter or operation selection drops are left out. */
    List<RowChange> inserts(Chunk chunk) {
        TableSchema schema = schemas.computeIfAbsent(chunk.table(), SnapshotTable::schema);
        List<RowChange> out = new ArrayList<>(chunk.rows().size());
        for (List<Value> row : chunk.rows()) {
            filter.apply(schema, Op.INSERT, null, row, POSITION).ifPresent(out::add);
        }
        return out;
    }
}
