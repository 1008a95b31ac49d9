package dev.duplex.capture.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatementTargetTest {

    private static StatementTarget of(String db, String sql) {
        return StatementTarget.of(db, sql).orElseThrow(() -> new AssertionError("no target in " + sql));
    }

    @Test
    void shouldRecognizeStatementBasedDml() {
        assertEquals(new StatementTarget("s", "t"), of("s", "INSERT IGNORE INTO t VALUES (1)"));
        assertEquals(new StatementTarget("x", "t"), of("s", "UPDATE x.t SET a = 1"));
        assertEquals(new StatementTarget("s", "t"), of("s", "DELETE FROM t WHERE a = 1"));
        assertTrue(StatementTarget.looksLikeDml("replace into t values (1)"));
    }

    @Test
    void shouldTakeALoggedStoredFunctionCallForDmlWithoutATarget() {
        assertTrue(StatementTarget.looksLikeDml("SELECT `d`.`f`(1)"));
        assertTrue(StatementTarget.looksLikeDml("/* app */ select f()"));
        assertTrue(StatementTarget.looksLikeDml("DO f(2)"));
        assertTrue(StatementTarget.looksLikeDml("WITH x AS (SELECT 1) DELETE FROM t WHERE a IN (SELECT * FROM x)"));
        assertTrue(StatementTarget.of("s", "SELECT `d`.`f`(1)").isEmpty(), "the tables it changed are unknown");
    }

    @Test
    void shouldNotTakeStatementsThatOnlyBeginWithThoseLettersForDml() {
        assertFalse(StatementTarget.looksLikeDml("DROP TABLE t"));
        assertFalse(StatementTarget.looksLikeDml("CREATE TABLE selection (a INT)"));
        assertFalse(StatementTarget.looksLikeDml("DOMAIN_ADMIN"));
        assertFalse(StatementTarget.looksLikeDml("WITHDRAW"));
    }

    @Test
    void shouldNotTakeDdlOrOtherStatementsForDml() {
        assertTrue(StatementTarget.of("s", "CREATE TABLE t (a INT)").isEmpty());
        assertTrue(StatementTarget.of("s", "ALTER TABLE t ADD c INT").isEmpty());
        assertTrue(StatementTarget.of("s", "FLUSH PRIVILEGES").isEmpty());
    }
}
