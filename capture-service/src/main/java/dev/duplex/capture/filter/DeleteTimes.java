package dev.duplex.capture.filter;

import dev.duplex.capture.assemble.CapturedChange;
import dev.duplex.capture.assemble.CapturedRows;
import dev.duplex.capture.assemble.CapturedTransaction;
import dev.duplex.capture.decode.RowDecoder;
import dev.duplex.capture.decode.TableSchema;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.core.model.Value;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.sql.LwwObjects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The time of each last-writer-wins delete of one transaction. The table's AFTER DELETE trigger
 * writes the key's tombstone in the same transaction ({@link LwwObjects}); the delete travels with
 * that time in its before-image's version column, so that both nodes judge it by the same time.
 * (A before-image otherwise holds the deleted row's version, which is older than the delete.)
 */
final class DeleteTimes {
    private static final DeleteTimes NONE = new DeleteTimes(Map.of());

    /** Tombstone table, then the key's values in the tombstone table's key order, to the deletion time. */
    private final Map<String, Map<List<Value>, Value>> byTable;
    private final Map<String, List<String>> keyColumns = new HashMap<>();

    private DeleteTimes(Map<String, Map<List<Value>, Value>> byTable) {
        this.byTable = byTable;
    }

    /** The tombstones {@code tx} wrote; none (without decoding anything) when it wrote none. */
    static DeleteTimes of(CapturedTransaction tx, TableSchemaResolver schemas) {
        Map<String, Map<List<Value>, Value>> byTable = new HashMap<>();
        DeleteTimes times = new DeleteTimes(byTable);
        for (CapturedChange change : tx.changes()) {
            if (change instanceof CapturedRows rows && DuplexSchema.isDuplexSchema(rows.table().getDatabase())
                    && LwwObjects.isTombstoneTable(rows.table().getTable())) {
                times.add(rows, schemas.resolve(rows.table(), false, rows.position()));
            }
        }
        return byTable.isEmpty() ? NONE : times;
    }

    private void add(CapturedRows rows, TableSchema schema) {
        List<String> names = schema.columnNames();
        int at = names.indexOf(LwwObjects.DELETED_AT);
        if (at < 0) {
            return;
        }
        List<String> key = new ArrayList<>(names);
        key.remove(at);
        keyColumns.put(schema.table(), key);
        Map<List<Value>, Value> times = byTable.computeIfAbsent(schema.table(), t -> new HashMap<>());
        for (CapturedRows.Row row : rows.rows()) {
            if (row.after() != null) {
                List<Value> image = new ArrayList<>(RowDecoder.decode(schema, row.after(), rows.position()));
                Value time = image.remove(at);
                times.put(image, time);
            }
        }
    }

    /**
     * {@code before} (a deleted row of {@code db.table}, over {@code columns}) with its version
     * column set to the delete's time; unchanged when the transaction left no tombstone for it.
     */
    List<Value> stamp(String db, String table, List<String> columns, List<Value> before, String versionColumn) {
        String tomb = LwwObjects.tombstoneTable(db, table);
        Map<List<Value>, Value> times = byTable.get(tomb);
        int version = indexOf(columns, versionColumn);
        if (times == null || version < 0) {
            return before;
        }
        List<Value> key = new ArrayList<>();
        for (String k : keyColumns.get(tomb)) {
            int i = indexOf(columns, k);
            if (i < 0) {
                return before;
            }
            key.add(before.get(i));
        }
        Value time = times.get(key);
        if (time == null) {
            return before;
        }
        List<Value> stamped = new ArrayList<>(before);
        stamped.set(version, time);
        return stamped;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
