package dev.duplex.capture.schema;

import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.ErrorText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Views, procedures and functions of the databases selected whole (the reference synchronizes
 * them only then), created on node b without their DEFINER, with references to selected
 * databases renamed; triggers are only reported (on node b they would fire again for the rows
 * Duplex applies). An object node b refuses is reported and skipped, like a failed DDL.
 */
final class SchemaObjects {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaObjects.class);
    private static final Pattern VIEW_NAME = Pattern.compile("(\\bVIEW\\s+)(`(?:[^`]|``)+`(?:\\.`(?:[^`]|``)+`)?)",
            Pattern.CASE_INSENSITIVE);
    private static final String NAME = "`(?:[^`]|``)+`|[A-Za-z0-9_$]+";
    /** db.table, quoted or not (routine bodies keep the user's spelling), not the tail of a longer name. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![A-Za-z0-9_$`.])(" + NAME + ")\\s*\\.\\s*(" + NAME + ")");
    /** ER_SP_ALREADY_EXISTS, ER_TABLE_EXISTS_ERROR. */
    private static final int ROUTINE_EXISTS = 1304;
    private static final int TABLE_EXISTS = 1050;

    private final TaskConfig config;
    private final SchemaSync.Report report;

    SchemaObjects(TaskConfig config, SchemaSync.Report report) {
        this.config = config;
        this.report = report;
    }

    void create(Connection a, Connection b) throws SQLException {
        for (DatabaseSelection d : config.objects().databases()) {
            if (!d.isWholeDatabase()) {
                continue;
            }
            views(a, b, d.name());
            routines(a, b, d.name());
            triggers(a, d.name());
        }
    }

    /** In rounds: a view that reads another view is created once that one exists. */
    private void views(Connection a, Connection b, String db) throws SQLException {
        Map<String, String> pending = new LinkedHashMap<>();
        for (String v : names(a, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? "
                + "ORDER BY TABLE_NAME", db)) {
            pending.put(v, viewStatement(a, db, v));
        }
        Map<String, String> failures = new LinkedHashMap<>();
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            failures.clear();
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                String target = config.targetDatabaseName(db) + "." + config.targetTableName(db, e.getKey());
                String error = execute(b, null, e.getValue());
                if (error == null || error.startsWith(TABLE_EXISTS + ":")) {
                    (error == null ? report.createdViews : report.keptTables).add(target);
                    it.remove();
                    progress = true;
                } else {
                    failures.put(target, error);
                }
            }
        }
        failures.forEach((v, err) -> report.problems.add("view " + v + " not created: " + err));
    }

    private String viewStatement(Connection a, String db, String view) throws SQLException {
        String ddl = showCreate(a, "SHOW CREATE VIEW " + quote(db) + "." + quote(view), 2);
        ddl = QuotedNames.withoutDefiner(ddl);
        Matcher m = VIEW_NAME.matcher(ddl);
        String target = quote(config.targetDatabaseName(db)) + "." + quote(config.targetTableName(db, view));
        ddl = m.find() ? ddl.substring(0, m.start(2)) + target + ddl.substring(m.end(2)) : ddl;
        return renameReferences(ddl);
    }

    private void routines(Connection a, Connection b, String db) throws SQLException {
        try (PreparedStatement ps = a.prepareStatement("SELECT ROUTINE_NAME, ROUTINE_TYPE FROM "
                + "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? ORDER BY ROUTINE_TYPE, ROUTINE_NAME")) {
            ps.setString(1, db);
            List<String[]> routines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    routines.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] r : routines) {
                routine(a, b, db, r[0], r[1]);
            }
        }
    }

    private void routine(Connection a, Connection b, String db, String name, String type) throws SQLException {
        String ddl;
        String sqlMode;
        try (Statement st = a.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE " + type + " " + quote(db) + "." + quote(name))) {
            rs.next();
            sqlMode = rs.getString("sql_mode");
            ddl = rs.getString(3);
        }
        String label = type.toLowerCase(Locale.ROOT) + " " + config.targetDatabaseName(db) + "." + name;
        if (ddl == null) {
            report.problems.add(label + " not created: its body is not visible to Duplex's user on node a (grant it "
                    + "SELECT on mysql.proc, or SHOW_ROUTINE)");
            return;
        }
        String error = execute(b, new String[] {"USE " + quote(config.targetDatabaseName(db)),
                "SET SESSION sql_mode = '" + sqlMode.replace("'", "''") + "'"},
                renameReferences(QuotedNames.withoutDefiner(ddl)));
        if (error == null) {
            report.createdRoutines.add(label);
        } else if (!error.startsWith(ROUTINE_EXISTS + ":")) {
            report.problems.add(label + " not created: " + error + (error.startsWith("1418:") ? " (fix: SET GLOBAL "
                    + "log_bin_trust_function_creators = 1 on node b, or declare the function DETERMINISTIC)" : ""));
        }
    }

    private void triggers(Connection a, String db) throws SQLException {
        for (String t : names(a, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? "
                + "ORDER BY TRIGGER_NAME", db)) {
            report.triggers.add(db + "." + t);
        }
    }

    /**
     * References db.table to a selected database, renamed to node b's names. Text only: a string
     * literal that looks like such a name is renamed too.
     */
    private String renameReferences(String ddl) {
        Matcher m = QUALIFIED.matcher(ddl);
        StringBuilder sb = new StringBuilder(ddl.length());
        while (m.find()) {
            String db = bare(m.group(1));
            String table = bare(m.group(2));
            String replacement = config.objects().database(db) == null ? m.group()
                    : quote(config.targetDatabaseName(db)) + "." + quote(config.targetTableName(db, table));
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String bare(String name) {
        return name.startsWith("`") ? QuotedNames.unquote(name.substring(1, name.length() - 1)) : name;
    }

    /** Runs {@code ddl} after {@code setup}; the server's "code: message" when it refuses, else null. */
    private static String execute(Connection b, String[] setup, String ddl) throws SQLException {
        try (Statement st = b.createStatement()) {
            st.setEscapeProcessing(false);
            if (setup != null) {
                for (String s : setup) {
                    st.execute(s);
                }
            }
            st.execute(ddl);
            return null;
        } catch (SQLException e) {
            if (ErrorClassifier.isRetriable(e)) {
                throw e;
            }
            String shown = ErrorText.redact(e.getErrorCode(), e.getMessage());
            LOG.warn("schema sync: node b refused [{}]: {}", e.getErrorCode(), shown);
            return e.getErrorCode() + ": " + shown;
        } finally {
            restoreSession(b);
        }
    }

    private static void restoreSession(Connection b) throws SQLException {
        try (Statement st = b.createStatement()) {
            st.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
        }
    }

    private static String showCreate(Connection a, String sql, int column) throws SQLException {
        try (Statement st = a.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(column);
        }
    }

    private static List<String> names(Connection c, String sql, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
