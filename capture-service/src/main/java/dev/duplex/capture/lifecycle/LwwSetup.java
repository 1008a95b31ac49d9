package dev.duplex.capture.lifecycle;

import dev.duplex.capture.schema.SelectedTables;
import dev.duplex.core.config.ConflictResolution;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.sql.LwwInstaller;
import dev.duplex.core.sql.LwwObjects;
import dev.duplex.core.sql.NodeConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every selected last-writer-wins table what it needs on both nodes (version column,
 * tombstone table, triggers: {@link LwwObjects}), after schema sync created the tables on node b.
 * Idempotent, so a coordinator started again repeats it harmlessly.
 */
final class LwwSetup {
    private static final Logger LOG = LoggerFactory.getLogger(LwwSetup.class);

    private LwwSetup() {}

    static void run(TaskConfig config, SecretResolver secrets) {
        if (!config.usesLastWriterWins()) {
            return;
        }
        try (Connection a = new NodeConnections(config.a(), secrets).open();
             Connection b = new NodeConnections(config.b(), secrets).open()) {
            for (SelectedTables.Table t : SelectedTables.list(a, config)) {
                if (config.conflictResolutionFor(t.database(), t.table()) instanceof ConflictResolution.LastWriterWins l) {
                    install(config, a, "a", t.database(), t.table(), l.versionColumn());
                    install(config, b, "b", config.targetDatabaseName(t.database()),
                            config.targetTableName(t.database(), t.table()), l.versionColumn());
                }
            }
        } catch (SQLException e) {
            DuplexException typed = ErrorClassifier.isRetriable(e) ? new RetriableException("last-writer-wins set-up: "
                    + ErrorText.of(e), null, e.getErrorCode(), e)
                    : new FatalException("last-writer-wins set-up failed: " + ErrorText.of(e) + " (the task's user"
                    + " needs ALTER and TRIGGER on the selected tables and CREATE on the duplex schema; with binary"
                    + " logging, TRIGGER also needs SUPER or log_bin_trust_function_creators=1; the precheck's lww."
                    + " warnings list every statement)", null, e.getErrorCode(), e);
            throw typed;
        }
    }

    private static void install(TaskConfig config, Connection c, String node, String db, String table,
                                String versionColumn) throws SQLException {
        boolean own = TableSelection.DEFAULT_LWW_COLUMN.equals(versionColumn);
        LwwInstaller installer = new LwwInstaller(c);
        if (!installer.exists(db, table)) {
            LOG.warn("task={} node {}: last-writer-wins table {}.{} does not exist there yet; its version column,"
                    + " tombstones and triggers are made at the next start", config.task(), node, db, table);
            return;
        }
        Optional<LwwObjects.Table> t = installer.describe(db, table, versionColumn, own);
        if (t.isEmpty()) {
            throw new IncompatibleSourceException("table " + db + "." + table + " on node " + node + " has no primary"
                    + " key, which last-writer-wins needs to keep a version per row; add a primary key or give the"
                    + " table another conflictPolicy");
        }
        List<LwwObjects.Step> ran = installer.install(t.get());
        if (!ran.isEmpty()) {
            LOG.info("task={} node {}: last-writer-wins set up on {}.{} ({} statements)", config.task(), node, db, table,
                    ran.size());
        }
    }
}
