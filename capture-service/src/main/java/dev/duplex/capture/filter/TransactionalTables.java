package dev.duplex.capture.filter;

import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.decode.TableSchemaResolver;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.Identifiers;
import dev.duplex.core.sql.StorageEngines;
import java.util.Optional;

/**
 * Stops capture at a selected table whose engine is not transactional (issue #13): its rows
 * are logged outside the transaction that holds the apply_checkpoint marker, so the rows Duplex
 * applied to it here would be published back. Checked on every row event of a selected table
 * and on every table DDL of one (a CREATE or ALTER with ENGINE=MyISAM stops before it is
 * published), always before anything of the table leaves the selector.
 *
 * <p>The engine is the table's current one (information_schema, cached until the next DDL):
 * once the user has converted the table, the capture resumes over the same binlog events.
 */
final class TransactionalTables {
    private final TableSchemaResolver schemas;
    private final Direction direction;
    private final String task;

    TransactionalTables(TableSchemaResolver schemas, Direction direction, String task) {
        this.schemas = schemas;
        this.direction = direction;
        this.task = task;
    }

    /**
     * @throws IncompatibleSourceException when {@code db.table} exists now with an engine that is
     *                                     not transactional; a table that no longer exists passes,
     *                                     since nothing tells what it was
     */
    void require(String db, String table, String position) {
        Optional<CatalogTable> now = schemas.current(db, table);
        if (now.isPresent() && now.get().engine() == null) {
            // Renamed or dropped while it was read (its columns found, then no information_schema.TABLES
            // row), as DDL following DDL does: read it again before calling its engine unknown.
            schemas.invalidate();
            now = schemas.current(db, table);
        }
        if (now.isEmpty() || StorageEngines.isTransactional(now.get().engine())) {
            return;
        }
        String engine = now.get().engine();
        String node = direction.sourceNode();
        throw new IncompatibleSourceException("selected table " + Identifiers.qualified(db, table) + " on node "
                + node + " uses ENGINE=" + engine + ": " + StorageEngines.why(engine) + "; capture stopped before"
                + " publishing anything of it. Fix: " + StorageEngines.fix(db, table) + " on node " + node
                + " (and on the other node, if it has the table), or remove the table from the task's objects;"
                + " then start task " + task + " again (duplex task start " + task + ", or restart duplex local):"
                + " capture resumes from its checkpoint, before this table's change", position, 0, null);
    }
}
