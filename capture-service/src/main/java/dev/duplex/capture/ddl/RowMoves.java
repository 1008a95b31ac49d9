package dev.duplex.capture.ddl;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.sql.Identifiers;

/**
 * Partition clauses that move rows from one table to another ({@link Part.Kind#MOVE_ROWS}) leave
 * no row event in the binlog: node b follows only by running the same statement. Between two
 * selected tables it does; between a selected table and one the task leaves out it cannot (node b
 * holds other rows in the unselected one, or none), so the rows that move would differ without a
 * word. Such a statement stops the task, as a RENAME into the selection does.
 */
final class RowMoves {
    private final TaskConfig config;

    RowMoves(TaskConfig config) {
        this.config = config;
    }

    /** @throws IncompatibleSourceException when a clause moves rows across the selection's edge */
    void requireWithinSelection(Ddl d, String defaultDb, String position) {
        for (Part p : d.parts()) {
            if (p.kind() != Part.Kind.MOVE_ROWS) {
                continue;
            }
            ObjectRef table = p.tables().get(0);
            ObjectRef other = p.tables().get(1);
            boolean tableSelected = selected(table, defaultDb);
            if (tableSelected != selected(other, defaultDb)) {
                throw crossing(tableSelected ? table : other, tableSelected ? other : table, defaultDb, position);
            }
        }
    }

    private boolean selected(ObjectRef ref, String defaultDb) {
        return config.selectionFor(ref.database(defaultDb), ref.object()) != null;
    }

    private IncompatibleSourceException crossing(ObjectRef in, ObjectRef out, String defaultDb, String position) {
        String selected = Identifiers.qualified(in.database(defaultDb), in.object());
        String left = Identifiers.qualified(out.database(defaultDb), out.object());
        return new IncompatibleSourceException("an ALTER TABLE on node a (EXCHANGE PARTITION or CONVERT ... PARTITION)"
                + " moved rows between selected table " + selected + " and " + left + ", which the task does not"
                + " synchronize; the binlog holds no row changes for such a move, so node b cannot follow it. Capture"
                + " stopped before publishing it. Fix: select both tables or neither (add " + left + " to the task's"
                + " objects, or remove " + selected + "), then reset the task (duplex task reset " + config.task()
                + " --yes) and start it again with a full sync: the rows that moved are on node a only",
                position, 0, null);
    }
}
