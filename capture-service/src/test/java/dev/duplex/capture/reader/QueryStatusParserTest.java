package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The status-variable block of QUERY events. The MariaDB blocks are bytes MariaDB 10.11 wrote on
 * this machine (see resources/binlog/mariadb-10.11-ddl-sessions.hex, which holds the same events);
 * the MySQL ones are built from MySQL's statement_events.cpp layout, as no MySQL server runs here.
 */
class QueryStatusParserTest {
    private static final HexFormat HEX = HexFormat.of();

    /** SET TIMESTAMP=1600000000.123456; ALTER TABLE t ADD COLUMN c DATETIME(6) ... (MariaDB 10.11). */
    private static final String PINNED_TIME = "0000000001010000205400000000060373746404210021000800"
            + "050653595354454d8040e20181ba00000000000000";
    /** Client latin1, foreign_key_checks=0, unique_checks=0, auto_increment 2/2, sql_mode '' off. */
    private static final String LATIN1_CLIENT = "000000000d0100002054000000000603737464030200020004080008000800"
            + "050653595354454d8000000081c600000000000000";

    private static QueryStatus parse(String hex) throws IOException {
        return QueryStatusParser.parse(HEX.parseHex(hex));
    }

    @Test
    void shouldReadWhatMariaDbWritesForADdl() throws IOException {
        QueryStatus s = parse(PINNED_TIME);
        assertEquals(0x01000000L, s.flags2()); // explicit_defaults_for_timestamp on, all checks on
        assertEquals(1411383296L, s.sqlMode()); // MariaDB 10.11's default sql_mode
        assertEquals(33, s.characterSetClient());
        assertEquals(33, s.collationConnection());
        assertEquals(8, s.collationServer());
        assertEquals("SYSTEM", s.timeZone());
        assertEquals(123456, s.micros()); // Q_HRNOW
        assertNull(s.autoIncrementIncrement());
        assertNull(s.gtidFlags3());
    }

    @Test
    void shouldReadChecksCharsetAndAutoIncrementOfALatin1Session() throws IOException {
        QueryStatus s = parse(LATIN1_CLIENT);
        assertEquals(0x0d000000L, s.flags2()); // bits 24 (explicit defaults), 26 (no FK checks), 27 (relaxed unique)
        assertEquals(2, s.autoIncrementIncrement());
        assertEquals(2, s.autoIncrementOffset());
        assertEquals(8, s.characterSetClient());
        assertEquals(8, s.collationConnection());
        assertEquals(8, s.collationServer());
        assertEquals(0, s.micros());
    }

    /** binlog_alter_two_phase: START ALTER has flags 2 alone, COMMIT ALTER flags 4 and the START's seq_no. */
    @Test
    void shouldReadTheTwoPhaseAlterFlagsAndSkipTheSeqNoThatFollowsACommitAlter() throws IOException {
        assertEquals(2, parse("0000000001010000205400000000060373746404210021000800050653595354454d800000008202")
                .gtidFlags3());
        QueryStatus commit = parse("0000000001010000205400000000060373746404210021000800050653595354454d80000000"
                + "81cf0000000000000082041c00000000000000");
        assertEquals(4, commit.gtidFlags3());
        assertEquals("SYSTEM", commit.timeZone());
    }

    @Test
    void shouldReadMySqlEightCodes() throws IOException {
        String block = "00" + "00000000" + "01" + "2000a04500000000" + "04" + "ff00ff00ff00" + "0c" + "02" + "646200"
                + "653200" + "0d" + "40e201" + "10" + "01" + "11" + "0100000000000000" + "12" + "ff00" + "13" + "00"
                + "14" + "01" + "0b" + "04" + "726f6f74" + "09" + "6c6f63616c686f7374";
        QueryStatus s = parse(block);
        assertEquals(1168113696L, s.sqlMode()); // MySQL 8's default
        assertEquals(255, s.characterSetClient());
        assertEquals(123456, s.micros()); // Q_MICROSECONDS
        assertEquals(true, s.explicitDefaultsForTimestamp());
        assertEquals(255, s.defaultCollationForUtf8mb4());
    }

    @Test
    void shouldSkipTheDatabaseNamesOfMoreThanSixteenDatabases() throws IOException {
        assertEquals("+01:00", parse("0c" + "fe" + "05062b30313a3030").timeZone());
    }

    @Test
    void shouldReadMariaDbCharacterSetCollations() throws IOException {
        assertEquals(Map.of(45, 2304, 8, 8), parse("83" + "02" + "2d00" + "0009" + "0800" + "0800")
                .characterSetCollations());
    }

    @ParameterizedTest
    @CsvSource({
            "0e00, status variable 14 at offset 0 of the 2-byte status block: unknown code",
            "0000000001ff01, status variable 255 at offset 5 of the 7-byte status block: unknown code",
            "0000, status variable 0 at offset 0 of the 2-byte status block: its value runs past the end",
            "050653595354, status variable 5 at offset 0 of the 6-byte status block: its value runs past the end",
            "8204, status variable 130 at offset 0 of the 2-byte status block: its value runs past the end",
            "0203737464ff, status variable 2 at offset 0 of the 6-byte status block: catalog is not terminated",
            "0c00, status variable 12 at offset 0 of the 2-byte status block: an empty list of databases",
    })
    void shouldRefuseABlockItCannotReadExactlyNamingCodeAndOffset(String hex, String expected) {
        IOException e = assertThrows(IOException.class, () -> parse(hex));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void shouldKeepTheStatementBytesAndDatabaseOfTheEventBody() throws IOException {
        // The body of the latin1 event (after its 19-byte header, before its CRC32).
        String body = "01000000" + "00000000" + "02" + "0000" + String.format("%02x00", LATIN1_CLIENT.length() / 2)
                + LATIN1_CLIENT + "733200" + "414c544552205441424c45207420434f4d4d454e543d27636166e927";
        SessionQueryEventData d = new QueryEventDeserializer().deserialize(new ByteArrayInputStream(HEX.parseHex(body)));
        assertEquals("s2", d.getDatabase());
        assertEquals("ALTER TABLE t COMMENT='caf\u00e9'", new String(d.sqlBytes(), StandardCharsets.ISO_8859_1));
        assertEquals(2, d.status().autoIncrementIncrement());
    }

    /** The library takes an EOFException for a broken connection and would retry the same event forever. */
    @Test
    void shouldRefuseATruncatedEventWithoutAnEndOfFile() {
        String body = "01000000" + "00000000" + "02" + "0000" + "ff00" + "00";
        IOException e = assertThrows(IOException.class,
                () -> new QueryEventDeserializer().deserialize(new ByteArrayInputStream(HEX.parseHex(body))));
        assertTrue(!(e instanceof EOFException) && e.getMessage().contains("255-byte status block"), e.toString());
    }
}
