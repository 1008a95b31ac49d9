package dev.duplex.capture.filter;

import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.Identifiers;
import dev.duplex.core.sql.StorageEngines;
import dev.duplex.core.sql.TableTypes;
import java.util.Optional;

/**
 * Stops capture at a selected table Duplex cannot synchronize row by row, always before anything
 * of the table leaves the selector. Checked on every row event of a selected table and on every
 * table DDL of one (a CREATE or ALTER that makes it so stops before it is published):
 *
 * <ul>
 *   <li>an engine that is not transactional (issue #13): its rows are logged outside the
 *       transaction that holds the apply_checkpoint marker, so the rows Duplex applied to it here
 *       would be published back;</li>
 *   <li>system versioning ({@link TableTypes}): its rows carry the history, and its deletes are
 *       logged as updates, so applied as rows they would leave deleted rows current on the other
 *       node;</li>
 *   <li>a sequence, whose state a whole-database selection would take for a table's rows.</li>
 * </ul>
 *
 * <p>What is checked is the table's current state (information_schema, cached until the next DDL).
 */
final class SupportedTables {
    private final TableSchemaResolver schemas;
    private final Direction direction;
    private final String task;

    SupportedTables(TableSchemaResolver schemas, Direction direction, String task) {
        this.schemas = schemas;
        this.direction = direction;
        this.task = task;
    }

    /**
     * @throws IncompatibleSourceException when {@code db.table} exists now with an engine that is
     *                                     not transactional, with system versioning, or as a sequence;
     *                                     a table that no longer exists passes, since nothing tells what
     *                                     it was
     */
    void require(String db, String table, String position) {
        Optional<CatalogTable> now = schemas.current(db, table);
        if (now.isPresent() && now.get().engine() == null) {
            // Renamed or dropped while it was read (its columns found, then no information_schema.TABLES
            // row), as DDL following DDL does: read it again before calling its engine unknown.
            schemas.invalidate();
            now = schemas.current(db, table);
        }
        if (now.isEmpty()) {
            return;
        }
        if (now.get().systemVersioned()) {
            throw systemVersioned(db, table, position);
        }
        if (now.get().sequence()) {
            throw sequence(db, table, position);
        }
        if (!StorageEngines.isTransactional(now.get().engine())) {
            throw notTransactional(db, table, now.get().engine(), position);
        }
    }

    private IncompatibleSourceException notTransactional(String db, String table, String engine, String position) {
        String node = direction.sourceNode();
        return new IncompatibleSourceException("selected table " + Identifiers.qualified(db, table) + " on node "
                + node + " uses ENGINE=" + engine + ": " + StorageEngines.why(engine) + "; capture stopped before"
                + " publishing anything of it. Fix: " + StorageEngines.fix(db, table) + " on node " + node
                + " (and on the other node, if it has the table), or remove the table from the task's objects;"
                + " then start task " + task + " again (duplex task start " + task + ", or restart duplex local):"
                + " capture resumes from its checkpoint, before this table's change", position, 0, null);
    }

    private IncompatibleSourceException sequence(String db, String table, String position) {
        return new IncompatibleSourceException("selected table " + Identifiers.qualified(db, table) + " on node "
                + direction.sourceNode() + " is " + TableTypes.whySequence() + "; capture stopped before publishing"
                + " anything of it. Fix: " + TableTypes.fixSequence(db, table) + "; then start task " + task
                + " again (duplex task start " + task + ", or restart duplex local)", position, 0, null);
    }

    /**
     * Dropping the versioning now does not let capture pass: the rows already logged carry the
     * period columns and the history writes. So the table leaves the task, and comes back once it
     * has no versioning, with its rows copied by a repair.
     */
    private IncompatibleSourceException systemVersioned(String db, String table, String position) {
        String node = direction.sourceNode();
        String name = Identifiers.qualified(db, table);
        return new IncompatibleSourceException("selected table " + name + " on node " + node + ": "
                + TableTypes.whySystemVersioned() + "; capture stopped before publishing anything of it. Fix: remove the table from"
                + " the task's objects (duplex task put), then start task " + task + " again (duplex task start "
                + task + ", or restart duplex local): capture resumes from its checkpoint and leaves the table out."
                + " To synchronize the table later, run " + TableTypes.fixSystemVersioned(db, table) + " on both nodes, select it"
                + " again and copy its rows with duplex verify --repair", position, 0, null);
    }
}
