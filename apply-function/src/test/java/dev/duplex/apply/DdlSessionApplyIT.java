package dev.duplex.apply;

import static dev.duplex.apply.Batches.batch;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.dml.StatementListener;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import dev.duplex.core.model.Transaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A DDL runs on node b in node a's session, and the apply's own session is back for the rows
 * after it, on the same connection. A value b does not take follows the documented rule.
 */
class DdlSessionApplyIT {
    private static final String APPLY_SESSION = "SELECT @@SESSION.sql_mode, @@SESSION.time_zone, "
            + "@@SESSION.foreign_key_checks, @@SESSION.unique_checks, @@SESSION.auto_increment_increment, "
            + "@@SESSION.auto_increment_offset, @@SESSION.collation_connection, @@SESSION.collation_server, "
            + "@@SESSION.explicit_defaults_for_timestamp, @@SESSION.check_constraint_checks, @@SESSION.sql_if_exists, "
            + "@@SESSION.timestamp > 1700000000";
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws SQLException {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE shop");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static SourceSession session(SourceSession.Server server, long micros, Object... pairs) {
        Map<SessionVariable, String> vars = new EnumMap<>(SessionVariable.class);
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put((SessionVariable) pairs[i], (String) pairs[i + 1]);
        }
        return new SourceSession(micros, server, vars);
    }

    private static SourceSession mariaDb(Object... pairs) {
        return session(SourceSession.Server.MARIADB, 1_600_000_000_123_456L, pairs);
    }

    private static List<String> row(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getString(i));
            }
            return out;
        }
    }

    /** Applies {@code ddl} in one message; returns its refused statements, and checks the session is the apply's again. */
    private static List<String> apply(String task, long pos, DdlChange... ddl) throws SQLException {
        try (ApplyContext ctx = fx.context(task)) {
            Connection c = ctx.connection();
            List<String> before = row(c, APPLY_SESSION);
            List<Transaction> txs = new ArrayList<>();
            for (DdlChange d : ddl) {
                txs.add(tx(pos += 100, d));
            }
            ApplyResult result = new BatchApplier(ctx.tables(), StatementListener.NONE).apply(c,
                    batch(task, BatchKind.DDL, false, txs.toArray(Transaction[]::new)),
                    ctx.rules(), PreCommit.NONE);
            assertEquals(before, row(c, APPLY_SESSION), "the apply's own session after the DDL");
            assertEquals("1", before.getLast(), "TIMESTAMP is the clock's again");
            return result.ddlFailures().stream().map(f -> f.statement() + " -- " + f.error()).toList();
        }
    }

    @Test
    void shouldFillRowsTheWayNodeAsSessionDidAndSetTheApplysOwnBack() throws Exception {
        String task = "sess";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.s1 (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO shop.s1 VALUES (1, 'abcdefghij'), (2, 'xy')");
        List<String> failures = apply(task, 100,
                new DdlChange("shop", "ALTER TABLE s1 ADD COLUMN c DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)",
                        mariaDb(SessionVariable.TIME_ZONE, "SYSTEM")),
                new DdlChange("shop", "ALTER TABLE s1 ADD COLUMN d TIMESTAMP NULL DEFAULT '2024-01-01 12:00:00'",
                        mariaDb(SessionVariable.TIME_ZONE, "+05:00")),
                new DdlChange("shop", "ALTER TABLE s1 MODIFY v VARCHAR(5)", mariaDb(SessionVariable.SQL_MODE, "")),
                new DdlChange("shop", "ALTER TABLE s1 ADD COLUMN k INT NOT NULL AUTO_INCREMENT UNIQUE",
                        mariaDb(SessionVariable.AUTO_INCREMENT_INCREMENT, "3", SessionVariable.AUTO_INCREMENT_OFFSET, "2",
                                SessionVariable.FOREIGN_KEY_CHECKS, "1", SessionVariable.UNIQUE_CHECKS, "0",
                                SessionVariable.COLLATION_CONNECTION, "latin1_swedish_ci",
                                SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP, "0",
                                SessionVariable.CHECK_CONSTRAINT_CHECKS, "0", SessionVariable.SQL_IF_EXISTS, "1")));
        assertEquals(List.of(), failures);
        fx.sql("SET GLOBAL time_zone = '+00:00'");
        try {
            // k: what MariaDB 10.11 numbers two rows with under auto_increment_increment=3, offset=2 (1 and 2 under 1/1).
            assertEquals(List.of(List.of("1", "abcde", "2020-09-13 12:26:40.123456", "2024-01-01 07:00:00", "5"),
                    List.of("2", "xy", "2020-09-13 12:26:40.123456", "2024-01-01 07:00:00", "8")),
                    fx.rows("SELECT id, v, c, d, k FROM shop.s1 ORDER BY id"));
        } finally {
            fx.sql("SET GLOBAL time_zone = SYSTEM");
        }
    }

    /** Without its zone the literal would be read in another one: the statement is refused, with the fix. */
    @Test
    void shouldRefuseTheDdlWhenNodeBDoesNotKnowNodeAsTimeZone() throws Exception {
        String task = "zone";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.z1 (id INT PRIMARY KEY)");
        List<String> failures = apply(task, 100, new DdlChange("shop",
                "ALTER TABLE z1 ADD COLUMN d TIMESTAMP NULL DEFAULT '2024-01-01 12:00:00'",
                mariaDb(SessionVariable.SQL_MODE, "", SessionVariable.TIME_ZONE, "Mars/Olympus_Mons")));
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.getFirst().contains("time zone 'Mars/Olympus_Mons', which node b does not know")
                && failures.getFirst().contains("mariadb-tzinfo-to-sql"), failures.getFirst());
        assertEquals(List.of(List.of("id")), fx.rows("SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'z1'"), "the statement did not run");
    }

    /**
     * A MySQL source rounds fractional seconds (no TIME_TRUNCATE_FRACTIONAL): on MariaDB that is
     * TIME_ROUND_FRACTIONAL. A name b does not know, and a collation it does not have, are left
     * out with a warning; the statement runs.
     */
    @Test
    void shouldTranslateRoundingAndLeaveOutWhatNodeBDoesNotKnow() throws Exception {
        String task = "mysql";
        fx.putTask(task, "", "- shop");
        fx.sql("CREATE TABLE shop.m1 (id INT PRIMARY KEY)", "INSERT INTO shop.m1 VALUES (1)");
        try (LogCapture log = new LogCapture()) {
            List<String> failures = apply(task, 100, new DdlChange("shop",
                    "ALTER TABLE m1 ADD COLUMN r DATETIME NOT NULL DEFAULT '2024-01-01 10:00:00.6'",
                    session(SourceSession.Server.MYSQL, 1_700_000_000_000_000L,
                            SessionVariable.SQL_MODE, "STRICT_TRANS_TABLES,NO_SUCH_MODE",
                            SessionVariable.COLLATION_CONNECTION, "utf8mb4_no_such_ci",
                            SessionVariable.DEFAULT_COLLATION_FOR_UTF8MB4, "utf8mb4_0900_ai_ci")));
            assertEquals(List.of(), failures);
            assertTrue(log.text().contains("does not know the sql_mode [NO_SUCH_MODE]"), log.text());
            assertTrue(log.text().contains("collation_connection=utf8mb4_no_such_ci"), log.text());
            assertTrue(log.text().contains("default_collation_for_utf8mb4=utf8mb4_0900_ai_ci"), log.text());
        }
        assertEquals(List.of(List.of("1", "2024-01-01 10:00:01")), fx.rows("SELECT id, r FROM shop.m1"),
                "rounded as on MySQL, not truncated as MariaDB does by default");
    }
}
