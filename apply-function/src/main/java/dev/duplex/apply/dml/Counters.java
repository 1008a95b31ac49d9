package dev.duplex.apply.dml;

import dev.duplex.apply.sql.SqlText;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The counter columns ({@code delta:}) of one row change: an UPDATE moves each by (after - before)
 * instead of setting it, so increments made on both nodes add up and never conflict. Each
 * transaction is applied once (the seq checkpoint), so each increment is added once.
 *
 * @param columns the change's columns that are counters, as the target spells them
 */
record Counters(List<String> columns) {
    static final Counters NONE = new Counters(List.of());

    static Counters of(RowTarget row, List<String> delta) {
        if (delta.isEmpty()) {
            return NONE;
        }
        List<String> present = row.columns().stream()
                .filter(c -> delta.stream().anyMatch(d -> d.equalsIgnoreCase(c))).toList();
        return present.isEmpty() ? NONE : new Counters(present);
    }

    boolean none() {
        return columns.isEmpty();
    }

    /** The change's other columns: set to the after-image's values. */
    List<String> plain(RowTarget row) {
        return row.columns().stream().filter(c -> !columns.contains(c)).toList();
    }

    /** {@code UPDATE ... SET plain=?, counter=counter+(?-?) WHERE key}, or plain alone when {@code withPlain}. */
    String update(RowTarget row, boolean withPlain, List<String> key) {
        return SqlText.updateWithDelta(row.database(), row.tableName(), withPlain ? plain(row) : List.of(), columns,
                key, !row.keyIsUnique());
    }

    /** The parameters of {@link #update}: plain values (if any), each counter's after and before, the key. */
    List<Value> params(RowTarget row, boolean withPlain, List<Value> keyValues) {
        List<Value> params = new ArrayList<>();
        if (withPlain) {
            params.addAll(row.afterValuesOf(plain(row)));
        }
        List<Value> after = row.afterValuesOf(columns);
        List<Value> before = row.beforeValuesOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            params.add(after.get(i));
            params.add(before.get(i));
        }
        params.addAll(keyValues);
        return params;
    }
}
