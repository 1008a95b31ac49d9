package dev.duplex.capture.reader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the status-variable block of a QUERY event: one code byte, then a value whose length the
 * code defines (MySQL's libbinlogevents statement_events.cpp and MariaDB's log_event.cc,
 * Query_log_event's reading constructor). MySQL and MariaDB use disjoint codes (MySQL 12..20,
 * MariaDB 128..131), so one table reads both; the order of the codes is not relied on (MariaDB
 * 11.5+ writes 131 before 4).
 *
 * <p>The servers themselves stop at the first code they do not know and ignore the rest of the
 * block; capture cannot know what it would ignore, so an unknown code, a value that runs past
 * the block, or a malformed value is an error naming the code and its offset: reading on would
 * either misread the session or drop part of it without a trace.
 */
final class QueryStatusParser {
    /** MySQL: more databases than this are not listed (the count is then written as 254). */
    private static final int MAX_DBS_IN_EVENT_MTS = 16;
    /** MariaDB Gtid_log_event::FL_COMMIT_ALTER_E1 | FL_ROLLBACK_ALTER_E1: an 8-byte seq_no follows. */
    private static final int ALTER_SEQ_NO_FOLLOWS = 4 | 8;

    private final byte[] block;
    private int pos;
    private int codeAt;
    private final QueryStatus.Builder out = new QueryStatus.Builder();

    private QueryStatusParser(byte[] block) {
        this.block = block;
    }

    /** The variables of {@code block}; an error names the first code it cannot read, and where. */
    static QueryStatus parse(byte[] block) throws IOException {
        QueryStatusParser p = new QueryStatusParser(block);
        while (p.pos < block.length) {
            p.codeAt = p.pos;
            int code = p.u8();
            if (!p.common(code) && !p.mySql(code) && !p.mariaDb(code)) {
                throw p.fail(code, "unknown code: its length cannot be known, so the rest of the block (the "
                        + "statement's session) cannot be read; a newer server writes it; Duplex stops rather than "
                        + "misread the session");
            }
        }
        return p.out.build();
    }

    /** Codes 0..11, which both servers write. */
    private boolean common(int code) throws IOException {
        switch (code) {
            case 0 -> out.flags2 = u32(code);                                     // Q_FLAGS2_CODE
            case 1 -> out.sqlMode = u64(code);                                    // Q_SQL_MODE_CODE
            case 2 -> {                                                            // Q_CATALOG_CODE (5.0.0-3)
                skip(code, u8());
                if (u8() != 0) {
                    throw fail(code, "catalog is not terminated by a zero byte");
                }
            }
            case 3 -> {                                                            // Q_AUTO_INCREMENT
                out.autoIncrementIncrement = u16(code);
                out.autoIncrementOffset = u16(code);
            }
            case 4 -> {                                                            // Q_CHARSET_CODE
                out.characterSetClient = u16(code);
                out.collationConnection = u16(code);
                out.collationServer = u16(code);
            }
            case 5 -> out.timeZone = new String(bytes(code, u8()), StandardCharsets.US_ASCII); // Q_TIME_ZONE_CODE
            case 6 -> skip(code, u8());                                            // Q_CATALOG_NZ_CODE
            case 7 -> out.lcTimeNames = u16(code);                                 // Q_LC_TIME_NAMES_CODE
            case 8 -> out.collationDatabase = u16(code);                           // Q_CHARSET_DATABASE_CODE
            case 9 -> skip(code, 8);                                               // Q_TABLE_MAP_FOR_UPDATE_CODE
            case 10 -> skip(code, 4);                                              // Q_MASTER_DATA_WRITTEN_CODE
            case 11 -> {                                                           // Q_INVOKER: user, host
                skip(code, u8());
                skip(code, u8());
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** MySQL's codes 12..20 (14 and 15, Q_COMMIT_TS and Q_COMMIT_TS2, are never written). */
    private boolean mySql(int code) throws IOException {
        switch (code) {
            case 12 -> updatedDbNames(code);                                       // Q_UPDATED_DB_NAMES
            case 13 -> out.micros = u24(code);                                     // Q_MICROSECONDS
            case 16 -> out.explicitDefaultsForTimestamp = u8() != 0;               // Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP
            case 17 -> skip(code, 8);                                              // Q_DDL_LOGGED_WITH_XID
            case 18 -> out.defaultCollationForUtf8mb4 = u16(code);                 // Q_DEFAULT_COLLATION_FOR_UTF8MB4
            case 19, 20 -> skip(code, 1);              // Q_SQL_REQUIRE_PRIMARY_KEY, Q_DEFAULT_TABLE_ENCRYPTION
            default -> {
                return false;
            }
        }
        return true;
    }

    /** MariaDB's codes 128..131. */
    private boolean mariaDb(int code) throws IOException {
        switch (code) {
            case 128 -> out.micros = u24(code);                                    // Q_HRNOW
            case 129 -> skip(code, 8);                                             // Q_XID
            case 130 -> {                                                          // Q_GTID_FLAGS3
                out.gtidFlags3 = u8();
                if ((out.gtidFlags3 & ALTER_SEQ_NO_FOLLOWS) != 0) {
                    skip(code, 8); // the START ALTER's seq_no
                }
            }
            case 131 -> characterSetCollations(code);                              // Q_CHARACTER_SET_COLLATIONS
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A count, then that many zero-terminated names; more than 16 databases are not listed. */
    private void updatedDbNames(int code) throws IOException {
        int count = u8();
        if (count == 0) {
            throw fail(code, "an empty list of databases");
        }
        if (count > MAX_DBS_IN_EVENT_MTS) {
            return;
        }
        for (int i = 0; i < count; i++) {
            while (u8(code) != 0) {
                // a name's bytes up to its terminating zero
            }
        }
    }

    /** A count, then that many pairs of 2-byte ids: a character set's default collation, the collation it uses. */
    private void characterSetCollations(int code) throws IOException {
        int count = u8();
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(u16(code), u16(code));
        }
        out.characterSetCollations = map;
    }

    private int u8() throws IOException {
        return u8(-1);
    }

    private int u8(int code) throws IOException {
        need(code, 1);
        return block[pos++] & 0xFF;
    }

    private int u16(int code) throws IOException {
        return (int) little(code, 2);
    }

    private int u24(int code) throws IOException {
        return (int) little(code, 3);
    }

    private long u32(int code) throws IOException {
        return little(code, 4);
    }

    private long u64(int code) throws IOException {
        return little(code, 8);
    }

    private long little(int code, int n) throws IOException {
        need(code, n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (block[pos + i] & 0xFF) << (8 * i);
        }
        pos += n;
        return v;
    }

    private byte[] bytes(int code, int n) throws IOException {
        need(code, n);
        byte[] b = Arrays.copyOfRange(block, pos, pos + n);
        pos += n;
        return b;
    }

    private void skip(int code, int n) throws IOException {
        need(code, n);
        pos += n;
    }

    private void need(int code, int n) throws IOException {
        if (pos + n > block.length) {
            throw fail(code < 0 ? block[codeAt] & 0xFF : code, "its value runs past the end of the block");
        }
    }

    private IOException fail(int code, String problem) {
        return new IOException("QUERY event status variable " + code + " at offset " + codeAt + " of the "
                + block.length + "-byte status block: " + problem);
    }
}
