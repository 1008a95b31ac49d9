package dev.duplex.apply.dml;

import dev.duplex.core.model.Value;
import dev.duplex.core.sql.ValueBinder;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive inserts into one table with the same columns, gathered by {@link RowApplier} into
 * one multi-row statement: at most {@link #MAX_ROWS} rows and {@link #MAX_BYTES} of values, so
 * the statement stays inside the smallest max_allowed_packet we support.
 */
final class PendingInserts {
    static final int MAX_ROWS = 500;
    static final int MAX_BYTES = 4 * 1024 * 1024;

    /** The rows of one multi-row insert and the seq of the transaction of its last row. */
    record Group(List<RowTarget> rows, String seq) {
        RowTarget first() {
            return rows.get(0);
        }

        /** The values of every row, row after row, as the statement's parameters. */
        List<Value> values() {
            List<Value> all = new ArrayList<>(rows.size() * first().insertColumns().size());
            rows.forEach(r -> all.addAll(r.insertValues()));
            return all;
        }
    }

    private final List<RowTarget> rows = new ArrayList<>();
    private int bytes;
    private String seq;

    /**
     * Whether {@code row}, an insert of {@code size} bytes ({@link #size}), may join the pending
     * rows (there are some, and it fits).
     */
    boolean joins(RowTarget row, int size) {
        return !rows.isEmpty() && sameShape(rows.get(0), row) && rows.size() < MAX_ROWS && bytes + size <= MAX_BYTES;
    }

    void add(RowTarget row, int size, String seq) {
        rows.add(row);
        bytes += size;
        this.seq = seq;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The pending rows as a group, leaving none. */
    Group take() {
        Group g = new Group(List.copyOf(rows), seq);
        rows.clear();
        bytes = 0;
        return g;
    }

    private static boolean sameShape(RowTarget a, RowTarget b) {
        return a.database().equals(b.database()) && a.tableName().equals(b.tableName())
                && a.insertColumns().equals(b.insertColumns());
    }

    /** The row's values as an insert group counts them: measured once per row, for both calls above. */
    static int size(RowTarget row) {
        List<Value> image = row.change().after() != null ? row.change().after() : row.change().before();
        return image.stream().mapToInt(ValueBinder::estimatedSize).sum();
    }
}
