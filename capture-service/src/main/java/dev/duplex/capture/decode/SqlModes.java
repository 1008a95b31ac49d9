package dev.duplex.capture.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * The sql_mode bits of a QUERY event as the server's own names, so the target can SET them by
 * name. MariaDB and MySQL agree on bits 0..31 except bit 4 (MariaDB IGNORE_BAD_TABLE_OPTIONS,
 * MySQL unused); above, MariaDB has EMPTY_STRING_IS_NULL, SIMULTANEOUS_ASSIGNMENT and
 * TIME_ROUND_FRACTIONAL (32..34) and MySQL 8 TIME_TRUNCATE_FRACTIONAL (32). MySQL 8 dropped the
 * names of bits 8..17 and 28 (a 5.7 source may still set them; MySQL 8 replicas ignore them).
 * MariaDB's table was checked on MariaDB 10.11 bit by bit ({@code SET sql_mode = 1 << n});
 * MySQL's is its sql/system_variables.h. A composite name (ANSI, TRADITIONAL, ORACLE...) has
 * its own bit, set together with the bits it implies, so naming every set bit gives the mask back.
 */
public final class SqlModes {
    private static final String[] COMMON = {
        "REAL_AS_FLOAT", "PIPES_AS_CONCAT", "ANSI_QUOTES", "IGNORE_SPACE", null, "ONLY_FULL_GROUP_BY",
        "NO_UNSIGNED_SUBTRACTION", "NO_DIR_IN_CREATE", "POSTGRESQL", "ORACLE", "MSSQL", "DB2", "MAXDB",
        "NO_KEY_OPTIONS", "NO_TABLE_OPTIONS", "NO_FIELD_OPTIONS", "MYSQL323", "MYSQL40", "ANSI",
        "NO_AUTO_VALUE_ON_ZERO", "NO_BACKSLASH_ESCAPES", "STRICT_TRANS_TABLES", "STRICT_ALL_TABLES",
        "NO_ZERO_IN_DATE", "NO_ZERO_DATE", "ALLOW_INVALID_DATES", "ERROR_FOR_DIVISION_BY_ZERO", "TRADITIONAL",
        "NO_AUTO_CREATE_USER", "HIGH_NOT_PRECEDENCE", "NO_ENGINE_SUBSTITUTION", "PAD_CHAR_TO_FULL_LENGTH"};
    private static final String[] MARIADB_ABOVE_31 = {"EMPTY_STRING_IS_NULL", "SIMULTANEOUS_ASSIGNMENT",
        "TIME_ROUND_FRACTIONAL"};
    private static final String[] MYSQL_ABOVE_31 = {"TIME_TRUNCATE_FRACTIONAL"};
    private static final int MYSQL_NOT_USED_BIT = 4;

    private SqlModes() {}

    /**
     * The names of the set bits of {@code mask}, joined by commas in bit order.
     *
     * @throws IllegalArgumentException for a bit this table does not name (a newer server's mode)
     */
    public static String names(long mask, boolean mariaDb) {
        List<String> names = new ArrayList<>();
        String[] above = mariaDb ? MARIADB_ABOVE_31 : MYSQL_ABOVE_31;
        for (int bit = 0; bit < 64; bit++) {
            if ((mask & (1L << bit)) == 0 || (!mariaDb && bit == MYSQL_NOT_USED_BIT)) {
                continue;
            }
            String name = bit == MYSQL_NOT_USED_BIT ? "IGNORE_BAD_TABLE_OPTIONS" // MariaDB's use of the bit
                    : bit < 32 ? COMMON[bit] : bit - 32 < above.length ? above[bit - 32] : null;
            if (name == null) {
                throw new IllegalArgumentException("sql_mode bit " + bit + " (value " + Long.toUnsignedString(mask)
                        + ") has no name this build knows for " + (mariaDb ? "MariaDB" : "MySQL"));
            }
            names.add(name);
        }
        return String.join(",", names);
    }
}
