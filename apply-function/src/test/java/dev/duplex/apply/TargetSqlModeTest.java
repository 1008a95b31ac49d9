package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.SourceSession.Server;
import org.junit.jupiter.api.Test;

class TargetSqlModeTest {

    @Test
    void shouldKeepTheModesBetweenServersOfOneKind() {
        assertEquals("STRICT_TRANS_TABLES", TargetSqlMode.of("STRICT_TRANS_TABLES", Server.MARIADB, true));
        assertEquals("", TargetSqlMode.of("", Server.MYSQL, false));
    }

    @Test
    void shouldSpellMySqlRoundingForMariaDb() {
        assertEquals("STRICT_TRANS_TABLES,TIME_ROUND_FRACTIONAL", TargetSqlMode.of("STRICT_TRANS_TABLES", Server.MYSQL, true));
        assertEquals("TIME_ROUND_FRACTIONAL", TargetSqlMode.of("", Server.MYSQL, true));
        assertEquals("ANSI_QUOTES", TargetSqlMode.of("ANSI_QUOTES,TIME_TRUNCATE_FRACTIONAL", Server.MYSQL, true));
    }

    @Test
    void shouldSpellMariaDbTruncationForMySql() {
        assertEquals("STRICT_TRANS_TABLES,TIME_TRUNCATE_FRACTIONAL",
                TargetSqlMode.of("STRICT_TRANS_TABLES", Server.MARIADB, false));
        assertEquals("STRICT_TRANS_TABLES", TargetSqlMode.of("STRICT_TRANS_TABLES,TIME_ROUND_FRACTIONAL", Server.MARIADB,
                false));
    }
}
