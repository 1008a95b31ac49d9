package dev.duplex.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The session variables of the source that a DDL statement carries to the target because they
 * change what the statement does (defaults it fills in, how literals are read, whether it is
 * refused). Only these names ever reach a SET on the target, and every value is checked against
 * its shape here, so a message cannot smuggle SQL into the target's session.
 */
public enum SessionVariable {
    /** Reads TIMESTAMP literals and fills CURRENT_TIMESTAMP into DATETIME columns. */
    TIME_ZONE("time_zone", Kind.TEXT, "[A-Za-z0-9_+\\-:/]{1,64}"),
    /** Strictness (a truncating MODIFY), zero dates, NO_BACKSLASH_ESCAPES, ANSI_QUOTES... */
    SQL_MODE("sql_mode", Kind.TEXT, "([A-Z0-9_]+(,[A-Z0-9_]+)*)?"),
    /** What the source decoded the statement with; capture already turned it into text. */
    CHARACTER_SET_CLIENT("character_set_client", Kind.NAME, null),
    /** The collation (and character set) of the statement's string literals. */
    COLLATION_CONNECTION("collation_connection", Kind.NAME, null),
    /** The default of CREATE DATABASE without a character set. */
    COLLATION_SERVER("collation_server", Kind.NAME, null),
    FOREIGN_KEY_CHECKS("foreign_key_checks", Kind.FLAG, null),
    UNIQUE_CHECKS("unique_checks", Kind.FLAG, null),
    /** Number the rows an ALTER that adds an AUTO_INCREMENT column gives values to. */
    AUTO_INCREMENT_INCREMENT("auto_increment_increment", Kind.NUMBER, null),
    AUTO_INCREMENT_OFFSET("auto_increment_offset", Kind.NUMBER, null),
    /** Whether a TIMESTAMP column without a default gets DEFAULT CURRENT_TIMESTAMP ON UPDATE ... */
    EXPLICIT_DEFAULTS_FOR_TIMESTAMP("explicit_defaults_for_timestamp", Kind.FLAG, null),
    /** MariaDB: whether ADD CONSTRAINT ... CHECK validates the rows already there. */
    CHECK_CONSTRAINT_CHECKS("check_constraint_checks", Kind.FLAG, null),
    /** MariaDB: every DROP/ALTER behaves as with IF EXISTS. */
    SQL_IF_EXISTS("sql_if_exists", Kind.FLAG, null),
    /** MySQL 8: the collation "utf8mb4" means when no collation is named. */
    DEFAULT_COLLATION_FOR_UTF8MB4("default_collation_for_utf8mb4", Kind.NAME, null),
    /** MariaDB 11.2+: the default collation of each character set, as "charset=collation,...". */
    CHARACTER_SET_COLLATIONS("character_set_collations", Kind.TEXT, "([A-Za-z0-9_]+=[A-Za-z0-9_]+(,[A-Za-z0-9_]+=[A-Za-z0-9_]+)*)?");

    /** How a value is written: on the wire (JSON type) and in SET (quoted or not). */
    public enum Kind {
        /** 0 or 1; a JSON boolean. */
        FLAG,
        /** 1..65535; a JSON integer. */
        NUMBER,
        /** A character set or collation name; a JSON string. */
        NAME,
        /** A string of the variable's own shape; a JSON string. */
        TEXT
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final String serverName;
    private final Kind kind;
    private final Pattern shape;

    SessionVariable(String serverName, Kind kind, String shape) {
        this.serverName = serverName;
        this.kind = kind;
        this.shape = shape == null ? null : Pattern.compile(shape);
    }

    /** The name the server knows it by, also its key on the wire. */
    public String serverName() {
        return serverName;
    }

    public Kind kind() {
        return kind;
    }

    public static Optional<SessionVariable> ofServerName(String name) {
        for (SessionVariable v : values()) {
            if (v.serverName.equals(name)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * The value in its one accepted spelling ("0"/"1", a plain number, the name or text as is).
     *
     * @throws IllegalArgumentException when it is not a value of this variable's shape
     */
    public String normalize(String value) {
        if (value == null) {
            throw new IllegalArgumentException(serverName + " has no value");
        }
        boolean ok = switch (kind) {
            case FLAG -> value.equals("0") || value.equals("1");
            case NUMBER -> value.matches("[1-9][0-9]{0,4}") && Integer.parseInt(value) <= 65535;
            case NAME -> NAME.matcher(value).matches();
            case TEXT -> shape.matcher(value).matches();
        };
        if (!ok) {
            throw new IllegalArgumentException("'" + abbreviate(value) + "' is not a valid " + serverName + " "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
        return value;
    }

    /** The value as a SET statement writes it: quoted unless a flag or a number. */
    public String sqlLiteral(String value) {
        String v = normalize(value);
        return kind == Kind.FLAG || kind == Kind.NUMBER ? v : "'" + v + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 70) + "...";
    }
}
