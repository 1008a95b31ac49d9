package dev.duplex.capture.snapshot;

import dev.duplex.core.model.Value;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Node b's chunks read straight into their LOAD DATA streams. When the task takes every row of a
 * table as it is (no WHERE filter, INSERTs selected), each selected cell goes from the result set
 * into the stream with no value object, row list or row change in between
 * ({@link SourceColumn#writeLoadData}). Making those objects for every row, and selecting each
 * row, was most of a reader's CPU, which node b's server, loading at the same time on the same
 * machine, goes without. Tables
 * whose rows the selection decides one by one are read as values and selected like binlog rows
 * ({@link WritableChunk#of}). One per reading thread.
 */
final class LoadDataForm implements ChunkForm<WritableChunk> {
    private final ChunkSelection selection;
    private final ChunkForm<WritableChunk> values;
    private final Map<SnapshotTable, Optional<Plan>> plans = new IdentityHashMap<>();

    LoadDataForm(ChunkSelection selection) {
        this.selection = selection;
        this.values = ChunkForm.ofValues(chunk -> WritableChunk.of(chunk, selection, true));
    }

    /**
     * One table's selected columns with their result-set positions (1-based), its key columns'
     * positions (0-based), and the statement that loads the selected columns on node b.
     */
    private record Plan(SourceColumn[] columns, int[] positions, int[] keys, String statement) {}

    @Override
    public Read<WritableChunk> read(SnapshotTable t, ResultSet rs, List<Value> after, int chunkRows)
            throws SQLException {
        Optional<Plan> plan = plans.computeIfAbsent(t, this::plan);
        return plan.isPresent() ? read(t, plan.get(), rs, after, chunkRows) : values.read(t, rs, after, chunkRows);
    }

    private Read<WritableChunk> read(SnapshotTable t, Plan p, ResultSet rs, List<Value> after, int chunkRows)
            throws SQLException {
        LoadDataBuffer out = new LoadDataBuffer(0);
        Value[] key = new Value[p.keys().length];
        int rows = 0;
        while (rs.next()) {
            for (int i = 0; i < p.columns().length; i++) {
                if (i > 0) {
                    out.add((byte) '\t');
                }
                p.columns()[i].writeLoadData(out, rs, p.positions()[i]);
            }
            out.add((byte) '\n');
            for (int k = 0; k < key.length; k++) {
                key[k] = t.columns().get(p.keys()[k]).read(rs, p.keys()[k] + 1);
            }
            if (++rows == 1) {
                out.presize(chunkRows - 1);
            }
        }
        List<Value> lastKey = rows == 0 ? after : List.of(key);
        boolean last = rows < chunkRows;
        LoadDataRows file = rows == 0 ? null : new LoadDataRows(p.statement(), out);
        return new Read<>(new WritableChunk(t, rows, lastKey, last, List.of(), file, rows), lastKey, last);
    }

    private Optional<Plan> plan(SnapshotTable t) {
        return selection.plainInserts(t).map(layout -> {
            int n = layout.sources().length;
            SourceColumn[] columns = new SourceColumn[n];
            int[] positions = new int[n];
            List<LoadDataRows.Form> forms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                columns[i] = t.columns().get(layout.sources()[i]);
                positions[i] = layout.sources()[i] + 1;
                forms.add(LoadDataRows.formOf(columns[i].kind()));
            }
            int[] keys = t.keyIndexes().stream().mapToInt(Integer::intValue).toArray();
            return new Plan(columns, positions, keys,
                    LoadDataRows.statement(layout.database(), layout.table(), layout.columns(), forms));
        });
    }
}
