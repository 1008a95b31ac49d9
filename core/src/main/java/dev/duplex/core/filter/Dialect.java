package dev.duplex.core.filter;

import dev.duplex.core.filter.Scalar.Type;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose rules a filter is evaluated by: those of the direction's source server, which runs the
 * same filter as SQL for full sync and verify. Capture's answer for a row must be the server's,
 * or the two paths select different rows and the nodes diverge without an error.
 *
 * <p>The servers differ in how a string compared with a number is read. MySQL reads it as a
 * DOUBLE. MariaDB compares a string with an integer as DECIMAL (since its August 2022 releases:
 * 10.3.36, 10.4.26, 10.5.17, 10.6.9, 10.7.5, 10.8.4, 10.9.2, and every 10.10 and later; as DOUBLE before), and its
 * string-to-DECIMAL reading allows spaces between the {@code e} and the exponent ({@code '5e 9'}
 * is 5000000000, as a DOUBLE 5) and rounds to 39 decimals ({@code '1e-40'} is 0); with a DECIMAL
 * or DOUBLE the string is a DOUBLE again. BETWEEN's type folds its three operands' types left to
 * right. A string as a condition ({@code WHERE s}, {@code NOT s}) is a DECIMAL in MariaDB
 * ({@code '1e-40'} is false), a DOUBLE in MySQL.
 */
public enum Dialect {
    MARIADB,
    /** A MariaDB release before a string compared with an integer became a DECIMAL. */
    MARIADB_BEFORE_DECIMAL_COMPARISONS,
    MYSQL;

    /** The first release of each MariaDB 10.x series that compares a string with an integer as DECIMAL. */
    private static final Map<Integer, Integer> DECIMAL_SINCE = Map.of(3, 36, 4, 26, 5, 17, 6, 9, 7, 5, 8, 4, 9, 2);
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    /** @param version the server's version() (an unreadable one counts as current) */
    public static Dialect of(boolean mariaDb, String version) {
        if (!mariaDb) {
            return MYSQL;
        }
        String v = version == null ? "" : version;
        // The handshake's form ("5.5.5-10.11.6-MariaDB"), should a caller pass that one.
        Matcher m = VERSION.matcher(v.startsWith("5.5.5-") ? v.substring("5.5.5-".length()) : v);
        if (!m.find()) {
            return MARIADB;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        boolean before = major < 10 || major == 10 && (minor < 3 || patch < DECIMAL_SINCE.getOrDefault(minor, 0));
        return before ? MARIADB_BEFORE_DECIMAL_COMPARISONS : MARIADB;
    }

    /** The type a string is read as where it is a condition. */
    Type conditionType() {
        return this == MYSQL ? Type.DOUBLE : Type.DECIMAL;
    }

    /** The type two operands of types {@code a} and {@code b} are compared as. */
    Type comparedAs(Type a, Type b) {
        if (a == b) {
            return a;
        }
        if (a == Type.DOUBLE || b == Type.DOUBLE) {
            return Type.DOUBLE;
        }
        if (a == Type.STRING || b == Type.STRING) {
            Type number = a == Type.STRING ? b : a;
            return this == MARIADB && number == Type.INT ? Type.DECIMAL : Type.DOUBLE;
        }
        return Type.DECIMAL; // INT with DECIMAL
    }
}
