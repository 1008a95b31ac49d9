package dev.duplex.apply;

import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node a's session around one DDL statement on node b's connection: {@link #enter} saves the
 * apply's own value of each variable it changes (in user variables on the connection) and sets
 * a's, SET TIMESTAMP included; {@link #close} sets the saved values back, because the same
 * connection goes on applying rows in the apply's own session (strict, UTC: {@code ApplySession}).
 *
 * <p>A value b does not take (rules in the apply function's README, "DDL in the source's session"):
 * <ul>
 *   <li>time_zone: the statement is not run and counts as a failed DDL, with the fix (b's time
 *       zone tables): in another zone its TIMESTAMP literals and defaults would differ silently;</li>
 *   <li>sql_mode names b does not know are dropped, with a warning in the log, after the one
 *       difference in meaning between the servers is translated (fractional seconds: MySQL rounds
 *       unless TIME_TRUNCATE_FRACTIONAL, MariaDB truncates unless TIME_ROUND_FRACTIONAL);</li>
 *   <li>a collation or character set b does not know, a variable b does not have (a MariaDB one on
 *       MySQL), or one b's user may not set in its session: b's own value stays, with a warning.</li>
 * </ul>
 * character_set_client is not set: capture read the statement with it, and the driver sends the
 * text in utf8mb4, which a's character set would misread.
 */
final class DdlSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DdlSession.class);
    private static final int ER_WRONG_VALUE_FOR_VAR = 1231;
    /** Unknown variable, collation, charset; wrong argument type; global or read-only variable; no privilege. */
    private static final Set<Integer> KEEP_OWN_VALUE = Set.of(1193, 1273, 1115, ER_WRONG_VALUE_FOR_VAR, 1232, 1238,
            1621, 1227);
    private static final String SAVED = "@duplex_ddl_";

    private final Connection c;
    private final String where;
    private final List<SessionVariable> changed = new ArrayList<>();
    private boolean timestampSet;

    private DdlSession(Connection c, String where) {
        this.c = c;
        this.where = where;
    }

    /**
     * Sets {@code session} on {@code c} (nothing when null: the statement runs in the apply's session).
     *
     * @param where task, direction and seq, for the log
     * @throws SQLException when b cannot take a value the statement depends on (then nothing stays changed)
     */
    static DdlSession enter(Connection c, SourceSession session, String where) throws SQLException {
        DdlSession s = new DdlSession(c, where);
        if (session == null) {
            return s;
        }
        try {
            s.set(session);
            return s;
        } catch (SQLException | RuntimeException e) {
            try {
                s.close();
            } catch (SQLException | RuntimeException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
    }

    private void set(SourceSession session) throws SQLException {
        boolean targetMariaDb = c.getMetaData().getDatabaseProductVersion().contains("MariaDB");
        execute("SET TIMESTAMP = " + session.timestampText());
        timestampSet = true;
        for (Map.Entry<SessionVariable, String> e : session.variables().entrySet()) {
            SessionVariable v = e.getKey();
            if (v == SessionVariable.CHARACTER_SET_CLIENT) {
                continue;
            }
            String value = v == SessionVariable.SQL_MODE
                    ? TargetSqlMode.of(e.getValue(), session.server(), targetMariaDb) : e.getValue();
            setOne(v, value);
        }
    }

    private void setOne(SessionVariable v, String value) throws SQLException {
        String name = v.serverName();
        try {
            // One statement: SET checks every assignment before it makes any, so a refused value saves nothing.
            execute("SET " + SAVED + name + " = @@SESSION." + name + ", SESSION " + name + " = " + v.sqlLiteral(value));
            changed.add(v);
        } catch (SQLException e) {
            refused(v, value, e);
        }
    }

    private void refused(SessionVariable v, String value, SQLException e) throws SQLException {
        if (ErrorClassifier.isRetriable(e)) {
            throw e;
        }
        if (v == SessionVariable.TIME_ZONE) {
            throw new SQLException("node a ran the statement in time zone '" + value + "', which node b does not know ("
                    + e.getMessage() + "); the statement was not run on b, where its times would be read in another "
                    + "zone: load b's time zone tables (mariadb-tzinfo-to-sql or mysql_tzinfo_to_sql) and run the "
                    + "statement on b by hand", e.getSQLState(), e.getErrorCode(), e);
        }
        if (v == SessionVariable.SQL_MODE && e.getErrorCode() == ER_WRONG_VALUE_FOR_VAR) {
            setKnownModes(value);
            return;
        }
        if (!KEEP_OWN_VALUE.contains(e.getErrorCode())) {
            throw e;
        }
        LOG.warn("{} node b does not take node a's {}={} for this DDL ({}); b's own value stays", where, v.serverName(),
                value, e.getMessage());
    }

    /** Sets the names of {@code modes} that b knows, each tried alone; the others are dropped with a warning. */
    private void setKnownModes(String modes) throws SQLException {
        execute("SET " + SAVED + "sql_mode = @@SESSION.sql_mode");
        changed.add(SessionVariable.SQL_MODE);
        Set<String> known = new LinkedHashSet<>();
        List<String> dropped = new ArrayList<>();
        for (String mode : modes.split(",")) {
            try {
                execute("SET SESSION sql_mode = " + SessionVariable.SQL_MODE.sqlLiteral(mode));
                known.add(mode);
            } catch (SQLException e) {
                if (ErrorClassifier.isRetriable(e)) {
                    throw e;
                }
                dropped.add(mode);
            }
        }
        execute("SET SESSION sql_mode = " + SessionVariable.SQL_MODE.sqlLiteral(String.join(",", known)));
        LOG.warn("{} node b does not know the sql_mode {} of node a's session; the DDL runs without them", where,
                dropped);
    }

    /** Sets the apply's own values back; a failure that is not the connection's leaves its session unknown: fatal. */
    @Override
    public void close() throws SQLException {
        if (changed.isEmpty() && !timestampSet) {
            return;
        }
        List<String> parts = new ArrayList<>();
        for (SessionVariable v : changed) {
            parts.add("SESSION " + v.serverName() + " = " + SAVED + v.serverName());
        }
        if (timestampSet) {
            parts.add("TIMESTAMP = DEFAULT");
        }
        try {
            execute("SET " + String.join(", ", parts));
            changed.clear();
            timestampSet = false;
        } catch (SQLException e) {
            if (ErrorClassifier.isRetriable(e)) {
                throw e;
            }
            throw new FatalException("cannot set the apply's own session back after a DDL in node a's session ("
                    + e.getMessage() + "); rows must not be applied in a's session", null, e.getErrorCode(), e);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(sql);
        }
    }
}
