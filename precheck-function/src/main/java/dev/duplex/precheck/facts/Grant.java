package dev.duplex.precheck.facts;

import java.util.Locale;
import java.util.Set;

/**
 * One privilege grant of SHOW GRANTS, without the account, password hash or options.
 *
 * @param privileges upper-case names ("SELECT", "REPLICATION SLAVE", "ALL"); column-level
 *                   privileges are left out because Duplex needs whole tables
 * @param database   null for {@code *.*}; otherwise a LIKE pattern as MySQL stores it
 *                   ({@code shop\_eu} is literal, {@code shop%} matches shop_eu)
 * @param table      null for {@code db.*}
 */
public record Grant(Set<String> privileges, String database, String table) {

    public Grant {
        privileges = Set.copyOf(privileges);
    }

    public boolean isGlobal() {
        return database == null;
    }

    /** Whether this grant gives {@code privilege}; ALL gives all but GRANT OPTION and PROXY. */
    public boolean gives(String privilege) {
        return privileges.contains(privilege)
                || (privileges.contains("ALL") && !privilege.equals("GRANT OPTION") && !privilege.equals("PROXY"));
    }

    /** Whether this grant covers every table of {@code db}. */
    public boolean coversDatabase(String db, boolean ignoreCase) {
        return database == null || (table == null && Like.matches(database, db, ignoreCase));
    }

    /** Whether this grant covers {@code db.tbl}. */
    public boolean coversTable(String db, String tbl, boolean ignoreCase) {
        if (coversDatabase(db, ignoreCase)) {
            return true;
        }
        // Table-level grants name the database literally.
        return table != null && equal(database, db, ignoreCase) && equal(table, tbl, ignoreCase);
    }

    private static boolean equal(String x, String y, boolean ignoreCase) {
        return ignoreCase ? x.equalsIgnoreCase(y) : x.equals(y);
    }

    /** MySQL's wildcards in database-level grants: % and _, with backslash escapes. */
    static final class Like {
        private Like() {}

        static boolean matches(String pattern, String name, boolean ignoreCase) {
            return match(pattern, 0, ignoreCase ? name.toLowerCase(Locale.ROOT) : name, 0, ignoreCase);
        }

        private static boolean match(String p, int pi, String s, int si, boolean ignoreCase) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '%') {
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k, ignoreCase)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (si >= s.length()) {
                    return false;
                }
                if (c == '\\' && pi + 1 < p.length()) {
                    c = p.charAt(++pi);
                } else if (c == '_') {
                    pi++;
                    si++;
                    continue;
                }
                char expected = ignoreCase ? Character.toLowerCase(c) : c;
                if (expected != s.charAt(si)) {
                    return false;
                }
                pi++;
                si++;
            }
            return si == s.length();
        }
    }
}
