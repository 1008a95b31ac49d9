package dev.duplex.precheck.checks;

import dev.duplex.core.sql.Identifiers;

/** The wording of fixes, so every item says where a setting goes the same way. */
final class Fixes {

    private static final String PERSIST = " under [mysqld] in my.cnf (on RDS, Aurora or PolarDB: in the instance's"
            + " parameter group)";

    private Fixes() {}

    /** A dynamic server variable: set it now and keep it across restarts. */
    static String setGlobal(String variable, String value) {
        return "SET GLOBAL " + variable + " = " + value + "; and " + variable + "=" + unquote(value) + PERSIST
                + " so it survives a restart";
    }

    /** A variable that only a restart changes. */
    static String restart(String variable, String value) {
        return variable + "=" + value + PERSIST + ", then restart the server";
    }

    static String grant(String privileges, String on, String account) {
        return "GRANT " + privileges + " ON " + on + " TO " + account + ";";
    }

    static String db(String database) {
        return Identifiers.quote(database) + ".*";
    }

    static String table(String database, String table) {
        return Identifiers.qualified(database, table);
    }

    private static String unquote(String value) {
        return value.startsWith("'") && value.endsWith("'") ? value.substring(1, value.length() - 1) : value;
    }
}
