package dev.duplex.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.reader.QueryStatus;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionDecoderTest {
    private static final Collations MYSQL_8 = new Collations(Map.of(255, "utf8mb4", 8, "latin1"),
            Map.of(255, "utf8mb4_0900_ai_ci", 8, "latin1_swedish_ci"));

    private static QueryStatus status(Long flags2, Long sqlMode, Integer client, String zone, Integer micros,
                                      Boolean explicitDefaults, Integer utf8mb4Default) {
        return new QueryStatus(flags2, sqlMode, null, null, client, client, client, zone, null, null, micros,
                explicitDefaults, utf8mb4Default, null, null);
    }

    @Test
    void shouldNameSqlModeBitsAsEachServerDoes() {
        assertEquals("STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION",
                SqlModes.names(1411383296L, true)); // MariaDB 10.11's default
        assertEquals("ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
                + "NO_ENGINE_SUBSTITUTION", SqlModes.names(1168113696L, false)); // MySQL 8's default
        assertEquals("IGNORE_BAD_TABLE_OPTIONS,TIME_ROUND_FRACTIONAL", SqlModes.names((1L << 4) | (1L << 34), true));
        assertEquals("TIME_TRUNCATE_FRACTIONAL", SqlModes.names((1L << 4) | (1L << 32), false)); // MySQL's bit 4: unused
        assertEquals("", SqlModes.names(0, true));
        assertThrows(IllegalArgumentException.class, () -> SqlModes.names(1L << 33, false));
        assertThrows(IllegalArgumentException.class, () -> SqlModes.names(1L << 35, true));
    }

    @Test
    void shouldDecodeAMySqlSession() {
        SourceSession s = new SessionDecoder(MYSQL_8).session(status(1L << 26, 1168113696L, 255, null, 7, true, 255),
                1_700_000_000L, false, "8.0.36");
        assertEquals(1_700_000_000_000_007L, s.timestampMicros());
        assertEquals(SourceSession.Server.MYSQL, s.server());
        assertEquals("0", s.variables().get(SessionVariable.FOREIGN_KEY_CHECKS));
        assertEquals("1", s.variables().get(SessionVariable.UNIQUE_CHECKS));
        assertEquals("1", s.variables().get(SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP));
        assertEquals("utf8mb4_0900_ai_ci", s.variables().get(SessionVariable.DEFAULT_COLLATION_FOR_UTF8MB4));
        assertEquals("utf8mb4_0900_ai_ci", s.variables().get(SessionVariable.COLLATION_CONNECTION));
        assertFalse(s.variables().containsKey(SessionVariable.TIME_ZONE), "MySQL logs the zone only when used");
        assertFalse(s.variables().containsKey(SessionVariable.SQL_IF_EXISTS), "a MariaDB variable");
        assertFalse(s.variables().containsKey(SessionVariable.CHECK_CONSTRAINT_CHECKS), "a MariaDB variable");
    }

    /** MariaDB 10.6's flags2 has no explicit_defaults_for_timestamp bit: its absence must not read as OFF. */
    @Test
    void shouldNotReadFlagsAnOlderMariaDbDoesNotWrite() {
        SourceSession s = new SessionDecoder(MYSQL_8).session(status(0L, 0L, 8, "SYSTEM", null, null, null),
                1L, true, "10.6.18-MariaDB-log");
        assertFalse(s.variables().containsKey(SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP));
        assertFalse(s.variables().containsKey(SessionVariable.CHECK_CONSTRAINT_CHECKS));
        assertEquals("0", s.variables().get(SessionVariable.SQL_IF_EXISTS));
        assertEquals("1", s.variables().get(SessionVariable.AUTO_INCREMENT_INCREMENT), "absent means 1");
        assertEquals(1_000_000L, s.timestampMicros());
    }

    @Test
    void shouldReadTheStatementInItsClientsCharacterSet() {
        SessionDecoder d = new SessionDecoder(MYSQL_8);
        byte[] latin1 = "DEFAULT 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("DEFAULT 'caf\u00e9'", d.statement(latin1, status(0L, 0L, 8, null, null, null, null), "f:4"));
        byte[] utf8 = "DEFAULT 'caf\u00e9'".getBytes(StandardCharsets.UTF_8);
        assertEquals("DEFAULT 'caf\u00e9'", d.statement(utf8, status(0L, 0L, 255, null, null, null, null), "f:4"));
        // A binary literal's bytes are not UTF-8: read as before (replacement characters), not refused.
        byte[] binary = {'x', '=', '\'', (byte) 0xFF, '\''};
        assertTrue(d.statement(binary, status(0L, 0L, 255, null, null, null, null), "f:4").contains("\uFFFD"));
    }

    @Test
    void shouldNameCharacterSetCollationsPairs() {
        Collations c = new Collations(Map.of(45, "utf8mb4", 8, "latin1", 2304, "utf8mb4"),
                Map.of(2304, "utf8mb4_uca1400_ai_ci", 47, "latin1_bin"));
        QueryStatus s = new QueryStatus(0L, 0L, null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of(45, 2304, 8, 47));
        assertEquals("latin1=latin1_bin,utf8mb4=utf8mb4_uca1400_ai_ci", new SessionDecoder(c)
                .session(s, 0, true, "11.4.2-MariaDB").variables().get(SessionVariable.CHARACTER_SET_COLLATIONS));
    }
}
