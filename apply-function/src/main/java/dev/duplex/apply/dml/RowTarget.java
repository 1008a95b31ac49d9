package dev.duplex.apply.dml;

import dev.duplex.apply.sql.ColumnInfo;
import dev.duplex.apply.sql.ImplicitDefault;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A row change projected onto its target table: the columns the target lets us write (generated
 * columns are computed there, never written) and the columns that address the row.
 *
 * @param columns     writable target columns, spelled as the target spells them
 * @param indexes     for each of {@code columns}, its position in the change's images
 * @param keyColumns  columns addressing the row: the change's key, else a target unique key the
 *                    change covers, else every comparable column (then statements use LIMIT 1)
 * @param keyIndexes  positions of {@code keyColumns} in the change's images
 * @param fill        target columns the change lacks that an INSERT must name all the same (NOT
 *                    NULL without a default), with their implicit default {@code fillValues}:
 *                    only for rows of an older shape ({@link ReverseRow}); inserts only, an
 *                    UPDATE leaves them as they are
 */
public record RowTarget(RowChange change, TableInfo table, List<String> columns, List<Integer> indexes,
                        List<String> keyColumns, List<Integer> keyIndexes, boolean keyIsUnique,
                        List<String> fill, List<Value> fillValues) {

    /** Projects {@code change}; null means a column of the change is missing on the target. */
    static RowTarget of(RowChange change, TableInfo table, List<String> missing) {
        return of(change, table, missing, false);
    }

    /**
     * Projects {@code change}; null means a column of the change is missing on the target. With
     * {@code fillImplicit}, target columns an INSERT of the change would leave without a value get
     * their implicit default ({@link ImplicitDefault}), the value the target's own ALTER gave the
     * rows it had, and so the one the other node's gets when the ALTER reaches it.
     */
    static RowTarget of(RowChange change, TableInfo table, List<String> missing, boolean fillImplicit) {
        List<String> columns = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < change.columns().size(); i++) {
            ColumnInfo col = table.column(change.columns().get(i));
            if (col == null) {
                missing.add(change.columns().get(i));
            } else if (!col.generated()) {
                columns.add(col.name());
                indexes.add(i);
            }
        }
        if (!missing.isEmpty()) {
            return null;
        }
        List<String> key = keySource(change, table, columns);
        boolean unique = key != null;
        if (key == null) {
            key = columns.stream().filter(c -> table.column(c).comparable()).toList();
        }
        List<String> keyColumns = new ArrayList<>();
        List<Integer> keyIndexes = new ArrayList<>();
        for (String k : key) {
            keyColumns.add(table.column(k).name());
            keyIndexes.add(indexOf(change.columns(), k));
        }
        List<String> fill = new ArrayList<>();
        List<Value> fillValues = new ArrayList<>();
        if (fillImplicit && change.op() != Op.DELETE) {
            for (ColumnInfo col : table.columns()) {
                if (col.needsValue() && indexOf(change.columns(), col.name()) < 0) {
                    ImplicitDefault.of(col).ifPresent(v -> {
                        fill.add(col.name());
                        fillValues.add(v);
                    });
                }
            }
        }
        return new RowTarget(change, table, List.copyOf(columns), List.copyOf(indexes), List.copyOf(keyColumns),
                List.copyOf(keyIndexes), unique, List.copyOf(fill), List.copyOf(fillValues));
    }

    private static List<String> keySource(RowChange change, TableInfo table, List<String> columns) {
        if (!change.keyColumns().isEmpty()) {
            return change.keyColumns();
        }
        Set<String> present = change.columns().stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return table.uniqueKeys().stream()
                .filter(k -> k.stream().allMatch(c -> present.contains(c.toLowerCase(Locale.ROOT))))
                .findFirst().orElse(null);
    }

    static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    public String database() {
        return change.database();
    }

    public String tableName() {
        return change.table();
    }

    public List<Value> after() {
        return pick(change.after(), indexes);
    }

    /** The columns an INSERT of this row names: its own, then the {@link #fill} ones. */
    public List<String> insertColumns() {
        if (fill.isEmpty()) {
            return columns;
        }
        List<String> all = new ArrayList<>(columns);
        all.addAll(fill);
        return all;
    }

    /** The values of {@link #insertColumns()}: the after-image's, then the implicit defaults. */
    public List<Value> insertValues() {
        List<Value> after = after();
        if (fill.isEmpty()) {
            return after;
        }
        List<Value> all = new ArrayList<>(after);
        all.addAll(fillValues);
        return all;
    }

    public List<Value> before() {
        return pick(change.before(), indexes);
    }

    public List<Value> beforeKey() {
        return pick(change.before(), keyIndexes);
    }

    /** Values of {@code names} (target columns) taken from the change's after-image. */
    public List<Value> afterValuesOf(List<String> names) {
        return names.stream().map(n -> change.after().get(indexOf(change.columns(), n))).toList();
    }

    /** Whether every one of {@code names} is a column of the change. */
    public boolean covers(List<String> names) {
        return names.stream().allMatch(n -> indexOf(change.columns(), n) >= 0);
    }

    /** Comparable writable columns, for strict mode's before-image check. */
    public List<String> comparableColumns() {
        return columns.stream().filter(c -> table.column(c).comparable()).toList();
    }

    public List<Value> beforeValuesOf(List<String> names) {
        return names.stream().map(n -> change.before().get(indexOf(change.columns(), n))).toList();
    }

    public String describeKey(List<String> names, List<Value> values) {
        return "(" + String.join(",", names) + ")=(" + values.stream().map(RowTarget::show)
                .collect(Collectors.joining(",")) + ")";
    }

    private static String show(Value v) {
        return switch (v) {
            case Value.Null n -> "NULL";
            case Value.Int i -> Long.toString(i.value());
            case Value.UInt u -> u.text();
            case Value.Text t -> "'" + t.value() + "'";
            case Value.Decimal d -> d.value().toPlainString();
            default -> v.toString();
        };
    }

    /** The values of {@code image} at the positions {@code at}, in that order; null for no image. */
    static List<Value> pick(List<Value> image, List<Integer> at) {
        if (image == null) {
            return null;
        }
        List<Value> out = new ArrayList<>(at.size());
        at.forEach(i -> out.add(image.get(i)));
        return out;
    }
}
