package dev.duplex.capture.reader;

import java.util.Map;

/**
 * The status variables of one QUERY event, undecoded (numbers as the server wrote them); null
 * where the event does not carry the variable. Which of them matter to a statement, and what the
 * numbers mean on which server, is {@code SessionDecoder}'s business.
 *
 * @param flags2                       Q_FLAGS2_CODE: the session's option bits (foreign_key_checks, ...)
 * @param sqlMode                      Q_SQL_MODE_CODE: the sql_mode bits
 * @param characterSetClient           Q_CHARSET_CODE: collation id of character_set_client
 * @param collationConnection          Q_CHARSET_CODE
 * @param collationServer              Q_CHARSET_CODE
 * @param timeZone                     Q_TIME_ZONE_CODE: the time zone's name
 * @param lcTimeNames                  Q_LC_TIME_NAMES_CODE: the locale's number
 * @param collationDatabase            Q_CHARSET_DATABASE_CODE (old servers)
 * @param micros                       Q_HRNOW (MariaDB) or Q_MICROSECONDS (MySQL): the statement time's microseconds
 * @param explicitDefaultsForTimestamp MySQL's Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP
 * @param defaultCollationForUtf8mb4   MySQL's Q_DEFAULT_COLLATION_FOR_UTF8MB4
 * @param gtidFlags3                   MariaDB's Q_GTID_FLAGS3: START/COMMIT/ROLLBACK ALTER of a two-phase ALTER
 * @param characterSetCollations       MariaDB's Q_CHARACTER_SET_COLLATIONS: character set (as its default
 *                                     collation's id) to collation id
 */
public record QueryStatus(Long flags2, Long sqlMode, Integer autoIncrementIncrement, Integer autoIncrementOffset,
                          Integer characterSetClient, Integer collationConnection, Integer collationServer,
                          String timeZone, Integer lcTimeNames, Integer collationDatabase, Integer micros,
                          Boolean explicitDefaultsForTimestamp, Integer defaultCollationForUtf8mb4,
                          Integer gtidFlags3, Map<Integer, Integer> characterSetCollations) {

    public static final QueryStatus EMPTY = new Builder().build();

    public QueryStatus {
        characterSetCollations = characterSetCollations == null ? null : Map.copyOf(characterSetCollations);
    }

    /** Collects the variables as the parser meets them (in any order). */
    static final class Builder {
        Long flags2;
        Long sqlMode;
        Integer autoIncrementIncrement;
        Integer autoIncrementOffset;
        Integer characterSetClient;
        Integer collationConnection;
        Integer collationServer;
        String timeZone;
        Integer lcTimeNames;
        Integer collationDatabase;
        Integer micros;
        Boolean explicitDefaultsForTimestamp;
        Integer defaultCollationForUtf8mb4;
        Integer gtidFlags3;
        Map<Integer, Integer> characterSetCollations;

        QueryStatus build() {
            return new QueryStatus(flags2, sqlMode, autoIncrementIncrement, autoIncrementOffset, characterSetClient,
                    collationConnection, collationServer, timeZone, lcTimeNames, collationDatabase, micros,
                    explicitDefaultsForTimestamp, defaultCollationForUtf8mb4, gtidFlags3, characterSetCollations);
        }
    }
}
