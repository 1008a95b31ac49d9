package dev.duplex.apply.dml;

import dev.duplex.apply.sql.AlterColumns;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.store.RemovedColumn;
import dev.duplex.core.store.RemovedColumnStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What forward DDL did to column names, shared by the two apply directions through the task's
 * {@link RemovedColumnStore}. The forward apply records, before it runs an ALTER TABLE on node b,
 * the columns the statement drops or renames (and forgets the names it adds again), under node
 * a's names. The reverse apply reads them when a row node b wrote names a column node a no longer
 * has ({@link ReverseRow}); a column with no record yet means the forward apply has not met the
 * DDL that removed it: the row waits (retried, within the task's retry window) rather than guess
 * between a drop and a rename.
 */
public final class ForwardDdlColumns {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardDdlColumns.class);

    private final RemovedColumnStore store;
    private final String task;
    private final Direction direction;
    private final Supplier<TaskConfig> config;

    public ForwardDdlColumns(RemovedColumnStore store, String task, Direction direction, Supplier<TaskConfig> config) {
        this.store = Objects.requireNonNull(store, "store");
        this.task = Objects.requireNonNull(task, "task");
        this.direction = Objects.requireNonNull(direction, "direction");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Whether this is the forward apply's side (it records) rather than the reverse one's (it reads). */
    public boolean forward() {
        return direction.isForward();
    }

    /**
     * Forward apply, before running {@code ddl} on node b: records what it does to column names,
     * whether node b then accepts it or not (node a did; b's rows keep the old names either way).
     */
    public void record(DdlChange ddl) {
        if (!forward()) {
            return;
        }
        AlterColumns alter = AlterColumns.parse(ddl.statement()).orElse(null);
        if (alter == null || alter.effects().isEmpty()) {
            return;
        }
        String database = alter.database().isEmpty() ? ddl.database() : alter.database();
        if (database.isEmpty()) {
            return; // no database: the statement failed on node a as it will on b
        }
        Map<String, RemovedColumn> removed = new LinkedHashMap<>();
        Map<String, String> added = new LinkedHashMap<>();
        for (AlterColumns.Effect e : alter.effects()) {
            switch (e) {
                case AlterColumns.Dropped d -> removed.put(key(d.column()), RemovedColumn.dropped(d.column()));
                case AlterColumns.Renamed r -> {
                    removed.put(key(r.column()), RemovedColumn.renamed(r.column(), r.to()));
                    added.remove(key(r.column()));
                    removed.remove(key(r.to()));
                    added.put(key(r.to()), r.to());
                }
                case AlterColumns.Added a -> {
                    removed.remove(key(a.column()));
                    added.put(key(a.column()), a.column());
                }
            }
        }
        TaskConfig cfg = config.get();
        // The statement names node b's objects (DDL runs on b under b's names); rows of the
        // reverse direction name node a's.
        String aDatabase = cfg.targetDatabaseName(Direction.B2A, database);
        String aTable = cfg.targetTableName(Direction.B2A, database, alter.table());
        try {
            store.update(task, aDatabase, aTable, new ArrayList<>(removed.values()), new ArrayList<>(added.values()));
        } catch (RuntimeException e) {
            throw storeFailed("record the columns a DDL on " + aDatabase + "." + aTable + " removes", e);
        }
        LOG.debug("task {}: forward DDL on {}.{} removes {} and adds {}", task, aDatabase, aTable,
                removed.values(), added.values());
    }

    /** Reverse apply: the records of node a's table {@code database.table}, by lower-case column name. */
    Map<String, RemovedColumn> removed(String database, String table) {
        try {
            return store.removed(task, database, table);
        } catch (RuntimeException e) {
            throw storeFailed("read the columns forward DDL removed from " + database + "." + table, e);
        }
    }

    /** Reverse apply: the error for a row naming {@code columns}, which node a lacks and nothing explains. */
    RuntimeException unresolved(RowChange change, List<String> columns) {
        String what = "columns " + columns + " of " + change.database() + "." + change.table()
                + ", in a row node b wrote, are not on node a";
        if (!config.get().sync().ddl()) {
            return new FatalException(what + ", and without forward DDL (sync.ddl is false) Duplex cannot tell a"
                    + " dropped column from a renamed one: add them on node a or deselect them in the task");
        }
        return new RetriableException(what + " and no forward DDL has dropped or renamed them yet: waiting for"
                + " direction a2b to apply the DDL that removed them on node a (if node a never had them, add them"
                + " there or deselect them in the task)");
    }

    private static RuntimeException storeFailed(String what, RuntimeException e) {
        String why = "cannot " + what + " in the status table: " + ErrorText.of(e);
        if (ErrorClassifier.isRetriable(e)) {
            return new RetriableException(why, e);
        }
        return new FatalException(why + " (check the status table and the function's permissions on it)", null, 0, e);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
