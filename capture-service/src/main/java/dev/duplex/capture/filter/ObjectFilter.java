package dev.duplex.capture.filter;

import dev.duplex.capture.decode.ColumnSchema;
import dev.duplex.capture.decode.TableSchema;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.filter.WhereFilter;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies a task's object selection to the row changes of one direction: selected tables only,
 * the WHERE filter on the full row images (an UPDATE that moves a row into the filter becomes an
 * INSERT, out of it a DELETE), the operation selection on that resulting operation, the
 * selected columns (plus the key, always; generated columns never; an UPDATE that changes none
 * of them is dropped), and the names the target uses.
 */
public final class ObjectFilter {
    private final TaskConfig config;
    private final Direction direction;
    private final Dialect dialect;
    private final Map<TableSchema, Projection> projections = new IdentityHashMap<>();

    /** @param dialect the source server's, whose rules the WHERE filter is evaluated by */
    public ObjectFilter(TaskConfig config, Direction direction, Dialect dialect) {
        this.config = config;
        this.direction = direction;
        this.dialect = dialect;
    }

    /** Whether any change of {@code db.table} (named as on this direction's source) can be published. */
    public boolean isSelected(String db, String table) {
        return config.selectionFor(direction, db, table) != null;
    }

    /** The change as the target must see it, or empty when the selection drops it. */
    public Optional<RowChange> apply(TableSchema schema, Op op, List<Value> before, List<Value> after, String position) {
        Projection p = projections.computeIfAbsent(schema, s -> project(s, position));
        Optional<Op> effective = p.where.effectiveOp(op, lookup(p.sourceNames, before), lookup(p.sourceNames, after),
                dialect);
        if (effective.isEmpty() || !p.operations.contains(effective.get())) {
            return Optional.empty();
        }
        Op out = effective.get();
        List<Value> b = out == Op.INSERT ? null : p.pick(before);
        List<Value> a = out == Op.DELETE ? null : p.pick(after);
        if (out == Op.UPDATE && b.equals(a)) {
            // Only columns outside the selection changed: nothing the target has changes.
            return Optional.empty();
        }
        return Optional.of(new RowChange(out, p.database, p.table, p.columns, p.keyColumns, b, a));
    }

    /**
     * How every row of {@code schema} becomes an INSERT on the target when the selection takes
     * each row as it is (no WHERE filter, INSERTs selected): only the projection. Empty when rows
     * need {@link #apply} one by one.
     */
    public Optional<InsertLayout> plainInserts(TableSchema schema, String position) {
        Projection p = projections.computeIfAbsent(schema, s -> project(s, position));
        if (!p.where.isAll() || !p.operations.contains(Op.INSERT)) {
            return Optional.empty();
        }
        return Optional.of(new InsertLayout(p.database, p.table, p.columns, p.indexes.clone()));
    }

    /**
     * The target's INSERT of a selected row.
     *
     * @param columns the target's column names
     * @param sources for each of them, its position (0-based) in the source row
     */
    public record InsertLayout(String database, String table, List<String> columns, int[] sources) {}

    /** Forgets cached projections: schemas are re-read after DDL. */
    public void invalidate() {
        projections.clear();
    }

    private Projection project(TableSchema schema, String position) {
        String db = schema.database();
        String table = schema.table();
        TableSelection sel = config.selectionFor(direction, db, table);
        if (sel == null) {
            throw new IllegalStateException(db + "." + table + " is not selected");
        }
        if (schema.keyColumns().isEmpty()) {
            throw new FatalException("table " + db + "." + table + " has no primary key and no unique key over NOT NULL "
                    + "columns, so its rows cannot be identified on the target: add a primary key (ALTER TABLE "
                    + db + "." + table + " ADD PRIMARY KEY (...)) or remove the table from the task's objects",
                    position, 0, null);
        }
        List<Integer> indexes = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            ColumnSchema c = schema.columns().get(i);
            boolean key = schema.keyColumns().contains(c.name());
            if (key || (!c.generated() && sel.selectsColumn(c.name()))) {
                indexes.add(i);
                columns.add(config.targetColumnName(direction, db, table, c.name()));
            }
        }
        List<String> keys = schema.keyColumns().stream()
                .map(k -> config.targetColumnName(direction, db, table, k)).toList();
        String aDb = direction.isForward() ? db : config.targetDatabaseName(direction, db);
        String aTable = direction.isForward() ? table : config.targetTableName(direction, db, table);
        return new Projection(config.targetDatabaseName(direction, db), config.targetTableName(direction, db, table),
                schema.columnNames(), columns, keys, indexes, sel.where(), config.operationsFor(aDb, aTable));
    }

    private static Function<String, Value> lookup(List<String> names, List<Value> image) {
        return image == null ? name -> null : WhereFilter.lookup(names, image);
    }

    /**
     * What one table's rows become. The lists are immutable and the same for every row, so a
     * {@link RowChange} keeps them instead of copying them per row; when every column is taken in
     * order, an (immutable) image is taken as it is.
     */
    private record Projection(String database, String table, List<String> sourceNames, List<String> columns,
                              List<String> keyColumns, int[] indexes, boolean whole, WhereFilter where,
                              Set<Op> operations) {
        Projection(String database, String table, List<String> sourceNames, List<String> columns,
                   List<String> keyColumns, List<Integer> indexes, WhereFilter where, Set<Op> operations) {
            this(database, table, List.copyOf(sourceNames), List.copyOf(columns), List.copyOf(keyColumns),
                    indexes.stream().mapToInt(Integer::intValue).toArray(), isIdentity(indexes, sourceNames.size()),
                    where, operations);
        }

        List<Value> pick(List<Value> image) {
            if (whole) {
                return image;
            }
            Value[] out = new Value[indexes.length];
            for (int i = 0; i < indexes.length; i++) {
                out[i] = image.get(indexes[i]);
            }
            return List.of(out);
        }

        private static boolean isIdentity(List<Integer> indexes, int columns) {
            for (int i = 0; i < indexes.size(); i++) {
                if (indexes.get(i) != i) {
                    return false;
                }
            }
            return indexes.size() == columns;
        }
    }
}
