package dev.duplex.capture.snapshot;

import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.schema.SelectedTables;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.FatalException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Describes the tables a task copies, from node a's information_schema. */
final class SnapshotTables {
    private SnapshotTables() {}

    /** The tables to copy, on a connection of its own. */
    static List<SnapshotTable> describe(ConnectionFactory a, TaskConfig config,
                                        SchemaCatalog catalog) {
        try (Connection c = a.open()) {
            return describe(c, config, catalog);
        } catch (SQLException e) {
            throw Failing.typed("cannot list the tables to copy on node a", e);
        }
    }

    static List<SnapshotTable> describe(Connection a, TaskConfig config, SchemaCatalog catalog) throws SQLException {
        List<SnapshotTable> out = new ArrayList<>();
        for (SelectedTables.Table t : SelectedTables.list(a, config)) {
            CatalogTable ct = catalog.table(t.database(), t.table()).orElseThrow(() -> new FatalException("table "
                    + t.qualifiedName() + " disappeared from node a while full sync started; do not run DDL during "
                    + "schema and full synchronization (the reference's rule), then start the task again"));
            out.add(describe(t, ct));
        }
        return out;
    }

    static SnapshotTable describe(SelectedTables.Table t, CatalogTable ct) {
        List<String> key = ct.identifyingKey();
        if (key.isEmpty()) {
            throw new FatalException("table " + t.qualifiedName() + " has no primary key and no unique key of NOT NULL "
                    + "columns, so full sync cannot read it in chunks nor can its rows be found on node b: add a "
                    + "primary key (ALTER TABLE " + t.qualifiedName() + " ADD PRIMARY KEY (...)) or remove the table "
                    + "from the task's objects (precheck reports this as primary-key)");
        }
        List<SourceColumn> columns = new ArrayList<>();
        for (CatalogTable.Column c : ct.columns()) {
            columns.add(SourceColumn.of(t.qualifiedName(), c.name(), c.dataType(), c.columnType(), c.charset(),
                    c.generated(), c.json()));
        }
        return new SnapshotTable(t.database(), t.table(), columns, key, t.estimatedRows());
    }
}
