package dev.duplex.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceSessionTest {

    @Test
    void shouldWriteTheTimestampAsSetTimestampTakesIt() {
        assertEquals("1600000000.123456", new SourceSession(1_600_000_000_123_456L, SourceSession.Server.MARIADB,
                Map.of()).timestampText());
        assertEquals("1700000000.000005", new SourceSession(1_700_000_000_000_005L, SourceSession.Server.MYSQL,
                Map.of()).timestampText());
    }

    @Test
    void shouldQuoteNamesAndTextButNotFlagsOrNumbers() {
        assertEquals("'+05:00'", SessionVariable.TIME_ZONE.sqlLiteral("+05:00"));
        assertEquals("'America/Argentina/Buenos_Aires'", SessionVariable.TIME_ZONE.sqlLiteral(
                "America/Argentina/Buenos_Aires"));
        assertEquals("''", SessionVariable.SQL_MODE.sqlLiteral(""));
        assertEquals("0", SessionVariable.FOREIGN_KEY_CHECKS.sqlLiteral("0"));
        assertEquals("65535", SessionVariable.AUTO_INCREMENT_OFFSET.sqlLiteral("65535"));
        assertEquals("'utf8mb4=utf8mb4_uca1400_ai_ci,latin1=latin1_bin'",
                SessionVariable.CHARACTER_SET_COLLATIONS.sqlLiteral("utf8mb4=utf8mb4_uca1400_ai_ci,latin1=latin1_bin"));
    }

    /** Nothing that could end the literal or the statement gets through: a value is its variable's shape or refused. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TIME_ZONE|+05:00'",
            "TIME_ZONE|SYSTEM; DROP TABLE t",
            "TIME_ZONE|a\\b",
            "SQL_MODE|strict_trans_tables",
            "SQL_MODE|ANSI,,ORACLE",
            "COLLATION_CONNECTION|utf8mb4 bin",
            "FOREIGN_KEY_CHECKS|2",
            "AUTO_INCREMENT_INCREMENT|0",
            "AUTO_INCREMENT_INCREMENT|65536",
            "AUTO_INCREMENT_INCREMENT|01",
            "CHARACTER_SET_COLLATIONS|utf8mb4=",
    })
    void shouldRefuseAValueOfTheWrongShape(SessionVariable variable, String value) {
        assertThrows(IllegalArgumentException.class, () -> variable.sqlLiteral(value));
        assertThrows(IllegalArgumentException.class, () -> new SourceSession(0, SourceSession.Server.MARIADB,
                Map.of(variable, value)));
    }

    @Test
    void shouldKeepDdlChangeOfTwoArgumentsWithoutASession() {
        assertEquals(new DdlChange("db", "DROP TABLE t", null), new DdlChange("db", "DROP TABLE t"));
    }
}
