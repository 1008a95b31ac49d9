package dev.duplex.core.sql;

/** MySQL identifier quoting: every generated statement names objects only through this. */
public final class Identifiers {
    private Identifiers() {}

    /** Backtick-quotes {@code name}, doubling embedded backticks, so any name is safe in SQL text. */
    public static String quote(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("SQL identifier must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL identifier must not contain NUL: " + name.replace('\0', '?'));
        }
        return '`' + name.replace("`", "``") + '`';
    }

    /** {@code `db`.`table`}. */
    public static String qualified(String database, String table) {
        return quote(database) + '.' + quote(table);
    }
}
