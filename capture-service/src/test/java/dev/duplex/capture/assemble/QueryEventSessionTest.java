package dev.duplex.capture.assemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.reader.EventDeserializers;
import dev.duplex.capture.testing.Binlog;
import dev.duplex.core.error.DecodeException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A binlog file MariaDB 10.11 wrote on this machine (resources/binlog/mariadb-10.11-ddl-sessions.hex),
 * read through capture's own event deserializer and assembler: each DDL comes out with the
 * session it ran in and its text read in its client's character set.
 */
class QueryEventSessionTest {
    private static final String FILE = "bin.000004";
    /** The ids the file's events use, named as MariaDB 10.11's information_schema names them. */
    private static final Collations MARIADB_10_11 = new Collations(Map.of(33, "utf8mb3", 8, "latin1", 224, "utf8mb4",
            46, "utf8mb4"), Map.of(33, "utf8mb3_general_ci", 8, "latin1_swedish_ci", 224, "utf8mb4_unicode_ci",
            46, "utf8mb4_bin"));
    private static final String DEFAULT_MODE = "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,"
            + "NO_ENGINE_SUBSTITUTION";

    @Test
    void shouldCarryTheSessionOfEveryDdlAsMariaDbLoggedIt() throws IOException {
        Map<String, SourceSession> byStatement = statements(MARIADB_10_11);
        SourceSession pinned = byStatement.get("ALTER TABLE t ADD COLUMN c DATETIME(6) NOT NULL DEFAULT "
                + "CURRENT_TIMESTAMP(6)");
        assertEquals(1_600_000_000_123_456L, pinned.timestampMicros());
        assertEquals(SourceSession.Server.MARIADB, pinned.server());
        assertEquals(vars(SessionVariable.TIME_ZONE, "SYSTEM", SessionVariable.SQL_MODE, DEFAULT_MODE,
                SessionVariable.CHARACTER_SET_CLIENT, "utf8mb3", SessionVariable.COLLATION_CONNECTION, "utf8mb3_general_ci",
                SessionVariable.COLLATION_SERVER, "latin1_swedish_ci", SessionVariable.FOREIGN_KEY_CHECKS, "1",
                SessionVariable.UNIQUE_CHECKS, "1", SessionVariable.AUTO_INCREMENT_INCREMENT, "1",
                SessionVariable.AUTO_INCREMENT_OFFSET, "1", SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP, "1",
                SessionVariable.CHECK_CONSTRAINT_CHECKS, "1", SessionVariable.SQL_IF_EXISTS, "0"), pinned.variables());

        SourceSession zone = byStatement.get("ALTER TABLE t ADD COLUMN d TIMESTAMP NULL DEFAULT '2024-01-01 12:00:00'");
        assertEquals(1_600_000_001_000_000L, zone.timestampMicros());
        assertEquals("+05:00", zone.variables().get(SessionVariable.TIME_ZONE));

        assertEquals("", byStatement.get("ALTER TABLE t MODIFY v VARCHAR(5)").variables().get(SessionVariable.SQL_MODE));

        SourceSession checks = byStatement.get("ALTER TABLE t ADD CONSTRAINT ck CHECK (id > 0)");
        assertEquals("0", checks.variables().get(SessionVariable.CHECK_CONSTRAINT_CHECKS));
        assertEquals("1", checks.variables().get(SessionVariable.SQL_IF_EXISTS));
        assertEquals("0", checks.variables().get(SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP));
        assertEquals("utf8mb4_unicode_ci", checks.variables().get(SessionVariable.COLLATION_CONNECTION));
        assertEquals("utf8mb4_bin", checks.variables().get(SessionVariable.COLLATION_SERVER));
    }

    /** The client sent 'caf' and the latin1 byte 0xE9: read as UTF-8 (as the library does) that is not é. */
    @Test
    void shouldReadAStatementInItsClientsCharacterSet() throws IOException {
        Map<String, SourceSession> byStatement = statements(MARIADB_10_11);
        SourceSession latin1 = byStatement.get("ALTER TABLE t ADD COLUMN e VARCHAR(10) NOT NULL DEFAULT 'caf\u00e9'");
        assertEquals(vars(SessionVariable.TIME_ZONE, "SYSTEM", SessionVariable.SQL_MODE, DEFAULT_MODE,
                SessionVariable.CHARACTER_SET_CLIENT, "latin1", SessionVariable.COLLATION_CONNECTION, "latin1_swedish_ci",
                SessionVariable.COLLATION_SERVER, "latin1_swedish_ci", SessionVariable.FOREIGN_KEY_CHECKS, "0",
                SessionVariable.UNIQUE_CHECKS, "0", SessionVariable.AUTO_INCREMENT_INCREMENT, "2",
                SessionVariable.AUTO_INCREMENT_OFFSET, "2", SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP, "1",
                SessionVariable.CHECK_CONSTRAINT_CHECKS, "1", SessionVariable.SQL_IF_EXISTS, "0"), latin1.variables());
    }

    /** binlog_alter_two_phase logs the ALTER at its start and again at its commit: it is taken once, at the commit. */
    @Test
    void shouldTakeATwoPhaseAlterOnceAtItsCommit() throws IOException {
        List<CapturedStatement> alters = new ArrayList<>();
        List<CapturedTransaction> txs = assemble(binlogFile(), MARIADB_10_11);
        for (CapturedTransaction tx : txs) {
            for (CapturedChange c : tx.changes()) {
                if (c instanceof CapturedStatement s && s.sql().equals("ALTER TABLE t ADD COLUMN f INT")) {
                    alters.add(s);
                }
            }
        }
        assertEquals(1, alters.size(), alters.toString());
        CapturedTransaction last = txs.getLast();
        assertEquals(List.of(alters.getFirst()), last.changes(), "the COMMIT ALTER's transaction, the file's last");
        assertEquals(List.of(), txs.get(txs.size() - 2).changes(), "the START ALTER's transaction keeps its place, empty");
    }

    /** A collation the source's list does not name is left out (b keeps its own), never guessed. */
    @Test
    void shouldLeaveOutACollationItCannotName() throws IOException {
        SourceSession s = statements(Collations.builtInOnly()).get("ALTER TABLE t MODIFY v VARCHAR(5)");
        assertEquals("utf8mb3", s.variables().get(SessionVariable.CHARACTER_SET_CLIENT));
        assertFalse(s.variables().containsKey(SessionVariable.COLLATION_CONNECTION));
        assertEquals("latin1_swedish_ci", s.variables().get(SessionVariable.COLLATION_SERVER));
    }

    /** Statements built without capture's deserializer (as in older tests) carry no session: "as before". */
    @Test
    void shouldCarryNoSessionForALibraryQueryEvent() {
        Binlog b = new Binlog(4).rotate(FILE, 4).mariaGtid(1, true).query("shop", "ALTER TABLE t ADD c INT");
        CapturedTransaction tx = null;
        TransactionAssembler a = new TransactionAssembler(new BinlogPosition(FILE, 4), true);
        for (Event e : b.events()) {
            CapturedTransaction done = a.accept(e);
            tx = done == null ? tx : done;
        }
        assertNull(((CapturedStatement) tx.changes().getFirst()).session());
    }

    /** An sql_mode bit no server this build knows sets is a decode error naming the statement's position. */
    @Test
    void shouldRefuseAnSqlModeBitItCannotName() throws IOException {
        byte[] file = binlogFile();
        // In the first ALTER's status block, sql_mode 1411383296 (00 00 20 54 00 00 00 00) becomes bit 40 set too.
        String hex = HexFormat.of().formatHex(file);
        String modeAt = "0000000001010000205400000000060373746404210021000800050653595354454d8040e201";
        String patched = hex.replace(modeAt, modeAt.replace("0101000020540000000006", "0101000020540001000006"));
        assertTrue(!patched.equals(hex));
        // The CRC32 of the changed event no longer matches; the library does not check it by default.
        DecodeException e = assertThrows(DecodeException.class, () -> assemble(HexFormat.of().parseHex(patched),
                MARIADB_10_11));
        assertTrue(e.getMessage().contains("sql_mode bit 40") && e.getMessage().contains("upgrade Duplex"),
                e.getMessage());
        assertTrue(e.position().startsWith(FILE + ":"), e.position());
    }

    private static Map<SessionVariable, String> vars(Object... pairs) {
        Map<SessionVariable, String> m = new EnumMap<>(SessionVariable.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((SessionVariable) pairs[i], (String) pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, SourceSession> statements(Collations collations) throws IOException {
        Map<String, SourceSession> out = new LinkedHashMap<>();
        for (CapturedTransaction tx : assemble(binlogFile(), collations)) {
            for (CapturedChange c : tx.changes()) {
                if (c instanceof CapturedStatement s) {
                    out.put(s.sql(), s.session());
                }
            }
        }
        assertEquals(9, out.size(), out.keySet().toString());
        return out;
    }

    private static List<CapturedTransaction> assemble(byte[] file, Collations collations) throws IOException {
        EventDeserializer deserializer = EventDeserializers.create();
        ByteArrayInputStream in = new ByteArrayInputStream(file);
        assertEquals("fe62696e", HexFormat.of().formatHex(in.read(4)), "binlog magic");
        TransactionAssembler a = new TransactionAssembler(new BinlogPosition(FILE, 4), true, collations);
        List<CapturedTransaction> out = new ArrayList<>();
        for (Event e; (e = deserializer.nextEvent(in)) != null; ) {
            CapturedTransaction tx = a.accept(e);
            if (tx != null) {
                out.add(tx);
            }
        }
        return out;
    }

    private static byte[] binlogFile() throws IOException {
        try (InputStream in = QueryEventSessionTest.class.getResourceAsStream("/binlog/mariadb-10.11-ddl-sessions.hex")) {
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.strip());
                }
            }
            return HexFormat.of().parseHex(hex);
        }
    }
}
