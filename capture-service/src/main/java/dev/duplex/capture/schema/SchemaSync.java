package dev.duplex.capture.schema;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.ConflictingTablesMode;
import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema synchronization, forward: creates on node b the selected databases (same charset and
 * collation) and tables (from node a's SHOW CREATE TABLE, rewritten for names and column
 * selection, foreign keys included: the session has foreign_key_checks off, so the order of
 * creation does not matter), and for databases selected whole also their views, procedures and
 * functions; triggers are reported, not created. Never touches the duplex schema.
 *
 * <p>With {@code precheck-and-report}, a target table that exists already stops it before anything
 * is created; with {@code ignore-and-proceed} such a table is kept as it is (its rows win during
 * full sync). A resumed run (after a crash) keeps what the interrupted run created.
 */
public final class SchemaSync {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaSync.class);
    /** Not strict: node a's definitions may carry zero-date defaults its own mode allowed. */
    private static final String SESSION = "SET SESSION foreign_key_checks = 0, sql_mode = "
            + "'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'";

    private final TaskConfig config;
    private final ConnectionFactory a;
    private final ConnectionFactory b;

    public SchemaSync(TaskConfig config, ConnectionFactory a, ConnectionFactory b) {
        this.config = config;
        this.a = a;
        this.b = b;
    }

    /**
     * @param resumed  an earlier run of this task's schema sync was interrupted: tables on node b
     *                 may be its own, so they are kept instead of reported as conflicts
     * @param starting called once the conflicting-table check passed, before anything is created
     *                 (record there that a resumed run keeps what exists)
     * @throws FatalException with precheck-and-report when a target table exists already
     */
    public SchemaSyncReport run(boolean resumed, Runnable starting) {
        try (Connection ca = a.open(); Connection cb = b.open()) {
            try (Statement st = cb.createStatement()) {
                st.execute(SESSION);
            }
            List<SelectedTables.Table> tables = SelectedTables.list(ca, config);
            List<String> existing = existingTargets(cb, tables);
            if (!existing.isEmpty() && !resumed
                    && config.sync().conflictingTables() == ConflictingTablesMode.PRECHECK_AND_REPORT) {
                throw new FatalException("schema sync stops before creating anything: node b already has "
                        + String.join(", ", existing) + " (sync.conflictingTables: precheck-and-report). Drop or "
                        + "rename them on node b, give the tables another name on b with renameTo, or set "
                        + "conflictingTables: ignore-and-proceed to keep them (their rows then win during full sync)");
            }
            starting.run();
            Report report = new Report();
            createDatabases(ca, cb);
            CreateTableRewriter rewriter = new CreateTableRewriter(config);
            for (SelectedTables.Table t : tables) {
                String target = config.targetDatabaseName(t.database()) + "." + config.targetTableName(t.database(),
                        t.table());
                if (existing.contains(target)) {
                    report.keptTables.add(target);
                    continue;
                }
                createTable(ca, cb, rewriter, t, report);
                report.createdTables.add(target);
            }
            new SchemaObjects(config, report).create(ca, cb);
            SchemaSyncReport done = report.build();
            LOG.info("task={} schema sync: created {} tables, kept {}, {} views, {} routines; triggers not created: {};"
                    + " foreign keys left out: {}; problems: {}", config.task(), done.createdTables().size(),
                    done.keptTables(), done.createdViews().size(), done.createdRoutines().size(), done.triggers(),
                    done.skippedForeignKeys(), done.problems());
            return done;
        } catch (SQLException e) {
            throw typed("schema sync failed", e);
        }
    }

    /** Target names (db.table, as on node b) that exist on node b already, as tables or views. */
    private List<String> existingTargets(Connection cb, List<SelectedTables.Table> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = cb.prepareStatement("SELECT 1 FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            for (SelectedTables.Table t : tables) {
                String db = config.targetDatabaseName(t.database());
                String name = config.targetTableName(t.database(), t.table());
                ps.setString(1, db);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(db + "." + name);
                    }
                }
            }
        }
        return out;
    }

    private void createDatabases(Connection ca, Connection cb) throws SQLException {
        for (DatabaseSelection d : config.objects().databases()) {
            Optional<String[]> charset = databaseCharset(ca, d.name());
            if (charset.isEmpty()) {
                continue; // precheck reports a selected database missing on node a
            }
            try (Statement st = cb.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS " + quote(config.targetDatabaseName(d.name()))
                        + " CHARACTER SET " + charset.get()[0] + " COLLATE " + charset.get()[1]);
            }
        }
    }

    private static Optional<String[]> databaseCharset(Connection ca, String db) throws SQLException {
        try (PreparedStatement ps = ca.prepareStatement("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
                + "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2)}) : Optional.empty();
            }
        }
    }

    private void createTable(Connection ca, Connection cb, CreateTableRewriter rewriter, SelectedTables.Table t,
                             Report report) throws SQLException {
        String showCreate;
        try (Statement st = ca.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + qualified(t.database(), t.table()))) {
            rs.next();
            showCreate = rs.getString(2);
        }
        List<String> key = identifyingKey(ca, t);
        CreateTableRewriter.Result r = rewriter.rewrite(t.database(), t.table(), showCreate, key);
        report.skippedForeignKeys.addAll(r.skippedForeignKeys());
        try (Statement st = cb.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(r.statement());
        } catch (SQLException e) {
            throw typed("cannot create " + t.qualifiedName() + " on node b", e);
        }
    }

    /** Primary key columns: created whatever the column selection says (capture always sends them). */
    private static List<String> identifyingKey(Connection ca, SelectedTables.Table t) throws SQLException {
        List<String> primary = new ArrayList<>();
        try (PreparedStatement ps = ca.prepareStatement("SELECT COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX")) {
            ps.setString(1, t.database());
            ps.setString(2, t.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    primary.add(rs.getString(1));
                }
            }
        }
        return primary;
    }

    static DuplexException typed(String what, SQLException e) {
        String msg = what + ": " + ErrorText.of(e); // no row values: it becomes the task's reason
        return ErrorClassifier.isRetriable(e) ? new RetriableException(msg, null, e.getErrorCode(), e)
                : new FatalException(msg + " (fix the cause on node b, then start the task again: schema sync keeps "
                + "what it created)", null, e.getErrorCode(), e);
    }

    /** Collects what the run did. */
    static final class Report {
        final List<String> createdTables = new ArrayList<>();
        final List<String> keptTables = new ArrayList<>();
        final List<String> createdViews = new ArrayList<>();
        final List<String> createdRoutines = new ArrayList<>();
        final List<String> triggers = new ArrayList<>();
        final List<String> skippedForeignKeys = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        SchemaSyncReport build() {
            return new SchemaSyncReport(createdTables, keptTables, createdViews, createdRoutines, triggers,
                    skippedForeignKeys, problems);
        }
    }
}
