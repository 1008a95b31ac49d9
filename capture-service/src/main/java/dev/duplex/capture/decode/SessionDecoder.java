package dev.duplex.capture.decode;

import dev.duplex.capture.reader.QueryStatus;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a QUERY event's status variables into the {@link SourceSession} the statement ran in, and
 * its bytes into text with the session's character_set_client. Which variables and which bits
 * (see the class comments of {@link SessionVariable} and {@link SqlModes}):
 *
 * <ul>
 *   <li>flags2 bit 26 / 27: foreign_key_checks / unique_checks off (both servers); on MariaDB from
 *       10.11 (the version this was checked on) also bit 15 (check_constraint_checks off), 24
 *       (explicit_defaults_for_timestamp on) and, from 10.5, 28 (sql_if_exists on); older binlogs
 *       leave those out rather than guess: the target then keeps its own value.</li>
 *   <li>auto_increment_increment/offset: the servers write them only when not 1, so their absence
 *       means 1 and 1, which is carried too (a target configured for two-way keys has others).</li>
 *   <li>collations by id through {@link Collations}; an id it cannot name is left out, with a warning.</li>
 *   <li>lc_time_names (a locale number) is not carried: it only names months and days in functions.</li>
 * </ul>
 */
public final class SessionDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDecoder.class);
    private static final long NO_FOREIGN_KEY_CHECKS = 1L << 26;
    private static final long RELAXED_UNIQUE_CHECKS = 1L << 27;
    private static final long MARIADB_NO_CHECK_CONSTRAINT_CHECKS = 1L << 15;
    private static final long MARIADB_EXPLICIT_DEFAULTS_FOR_TIMESTAMP = 1L << 24;
    private static final long MARIADB_IF_EXISTS = 1L << 28;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    private final Collations collations;

    public SessionDecoder(Collations collations) {
        this.collations = collations;
    }

    /**
     * @param headerSeconds the event header's timestamp: the statement's start on the source
     * @param serverVersion the version in the binlog's format description ("10.11.19-MariaDB-log")
     * @throws IllegalArgumentException for an sql_mode bit this build cannot name
     */
    public SourceSession session(QueryStatus s, long headerSeconds, boolean mariaDb, String serverVersion) {
        Map<SessionVariable, String> vars = new EnumMap<>(SessionVariable.class);
        if (s.timeZone() != null) {
            vars.put(SessionVariable.TIME_ZONE, s.timeZone());
        }
        if (s.sqlMode() != null) {
            vars.put(SessionVariable.SQL_MODE, SqlModes.names(s.sqlMode(), mariaDb));
        }
        charsets(s, vars);
        flags(s.flags2(), mariaDb, serverVersion, vars);
        vars.put(SessionVariable.AUTO_INCREMENT_INCREMENT, Integer.toString(orOne(s.autoIncrementIncrement())));
        vars.put(SessionVariable.AUTO_INCREMENT_OFFSET, Integer.toString(orOne(s.autoIncrementOffset())));
        if (s.explicitDefaultsForTimestamp() != null) {
            vars.put(SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP, s.explicitDefaultsForTimestamp() ? "1" : "0");
        }
        long micros = s.micros() == null ? 0 : s.micros();
        return new SourceSession(headerSeconds * 1_000_000L + micros,
                mariaDb ? SourceSession.Server.MARIADB : SourceSession.Server.MYSQL, vars);
    }

    /**
     * The statement as text, read with the character set the client sent it in. Bytes that are not
     * valid in it (a binary string literal in a UTF-8 statement) cannot become text exactly: they
     * are read as UTF-8 with replacement characters, as before sessions travelled, with a warning.
     */
    public String statement(byte[] sql, QueryStatus s, String where) {
        String charset = s.characterSetClient() == null ? null : collations.charsetOf(s.characterSetClient());
        TextCharset text = charset == null ? TextCharset.UTF8MB4 : TextCharset.forMySqlName(charset);
        if (text != null && !text.isBinary()) {
            try {
                return text.decode(sql);
            } catch (CharacterCodingException e) {
                LOG.warn("pos={} the statement's bytes are not valid {} (its character_set_client); it is read as "
                        + "UTF-8 with replacement characters", where, charset);
            }
        } else {
            LOG.warn("pos={} the statement's character_set_client {} cannot be decoded exactly; it is read as UTF-8",
                    where, charset);
        }
        return new String(sql, StandardCharsets.UTF_8);
    }

    private void charsets(QueryStatus s, Map<SessionVariable, String> vars) {
        if (s.characterSetClient() != null) {
            putName(vars, SessionVariable.CHARACTER_SET_CLIENT, collations.charsetOf(s.characterSetClient()),
                    s.characterSetClient());
            putName(vars, SessionVariable.COLLATION_CONNECTION, collations.nameOf(s.collationConnection()),
                    s.collationConnection());
            putName(vars, SessionVariable.COLLATION_SERVER, collations.nameOf(s.collationServer()), s.collationServer());
        }
        if (s.defaultCollationForUtf8mb4() != null) {
            putName(vars, SessionVariable.DEFAULT_COLLATION_FOR_UTF8MB4, collations.nameOf(s.defaultCollationForUtf8mb4()),
                    s.defaultCollationForUtf8mb4());
        }
        if (s.characterSetCollations() != null) {
            characterSetCollations(s.characterSetCollations(), vars);
        }
    }

    private void characterSetCollations(Map<Integer, Integer> ids, Map<SessionVariable, String> vars) {
        Map<String, String> pairs = new TreeMap<>();
        for (Map.Entry<Integer, Integer> e : ids.entrySet()) {
            String charset = collations.charsetOf(e.getKey());
            String collation = collations.nameOf(e.getValue());
            if (charset == null || collation == null) {
                LOG.warn("character_set_collations names collation ids {} and {}, not both known to this source; the "
                        + "statement's character_set_collations is not carried", e.getKey(), e.getValue());
                return;
            }
            pairs.put(charset, collation);
        }
        StringBuilder sb = new StringBuilder();
        pairs.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        vars.put(SessionVariable.CHARACTER_SET_COLLATIONS, sb.toString());
    }

    private static void putName(Map<SessionVariable, String> vars, SessionVariable v, String name, int id) {
        if (name == null) {
            LOG.warn("{} is collation id {}, which the source's collation list does not name; it is not carried "
                    + "(the target keeps its own)", v.serverName(), id);
            return;
        }
        vars.put(v, name);
    }

    private static void flags(Long flags2, boolean mariaDb, String version, Map<SessionVariable, String> vars) {
        if (flags2 == null) {
            return;
        }
        vars.put(SessionVariable.FOREIGN_KEY_CHECKS, (flags2 & NO_FOREIGN_KEY_CHECKS) != 0 ? "0" : "1");
        vars.put(SessionVariable.UNIQUE_CHECKS, (flags2 & RELAXED_UNIQUE_CHECKS) != 0 ? "0" : "1");
        if (mariaDb && atLeast(version, 10, 5)) {
            vars.put(SessionVariable.SQL_IF_EXISTS, (flags2 & MARIADB_IF_EXISTS) != 0 ? "1" : "0");
        }
        if (mariaDb && atLeast(version, 10, 11)) {
            vars.put(SessionVariable.CHECK_CONSTRAINT_CHECKS,
                    (flags2 & MARIADB_NO_CHECK_CONSTRAINT_CHECKS) != 0 ? "0" : "1");
            vars.put(SessionVariable.EXPLICIT_DEFAULTS_FOR_TIMESTAMP,
                    (flags2 & MARIADB_EXPLICIT_DEFAULTS_FOR_TIMESTAMP) != 0 ? "1" : "0");
        }
    }

    /** Whether the server version starts at least with major.minor; false when unknown. */
    static boolean atLeast(String version, int major, int minor) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    private static int orOne(Integer value) {
        return value == null ? 1 : value;
    }
}
