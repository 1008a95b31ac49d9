package dev.duplex.precheck.facts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The account's privileges parsed from SHOW GRANTS. Only the privilege list and the object are
 * kept: the rest of each line (account, password hash, options) is dropped while parsing, so
 * nothing secret can reach a report or a log from here.
 *
 * @param roles      whether some privileges come through roles, which are not evaluated
 * @param unreadable why SHOW GRANTS could not be read; null when it was
 */
public record Grants(List<Grant> grants, boolean roles, String unreadable) {

    public Grants {
        grants = List.copyOf(grants);
    }

    public static Grants unreadable(String reason) {
        return new Grants(List.of(), false, reason);
    }

    public boolean readable() {
        return unreadable == null;
    }

    public boolean hasGlobal(String privilege) {
        return grants.stream().anyMatch(g -> g.isGlobal() && g.gives(privilege));
    }

    /** Whether {@code privilege} is granted on every table of {@code db}. */
    public boolean onDatabase(String privilege, String db, boolean ignoreCase) {
        return grants.stream().anyMatch(g -> g.gives(privilege) && g.coversDatabase(db, ignoreCase));
    }

    public boolean onTable(String privilege, String db, String table, boolean ignoreCase) {
        return grants.stream().anyMatch(g -> g.gives(privilege) && g.coversTable(db, table, ignoreCase));
    }

    /** Parses the lines of SHOW GRANTS (MySQL 5.7+, MariaDB 10.x). */
    public static Grants parse(List<String> lines) {
        List<Grant> out = new ArrayList<>();
        boolean roles = false;
        for (String line : lines) {
            String s = line.strip();
            if (!s.regionMatches(true, 0, "GRANT ", 0, 6)) {
                continue; // e.g. MariaDB's SET DEFAULT ROLE
            }
            int on = topLevelKeyword(s, " ON ");
            int to = topLevelKeyword(s, " TO ");
            if (on < 0 || (to >= 0 && to < on)) {
                roles = true; // GRANT `role` TO `user`
                continue;
            }
            Grant g = grant(s.substring(6, on), s.substring(on + 4));
            if (g != null) {
                out.add(g);
            }
        }
        return new Grants(out, roles, null);
    }

    private static Grant grant(String privilegeList, String rest) {
        Set<String> privileges = new LinkedHashSet<>();
        for (String p : splitTopLevel(privilegeList)) {
            String name = p.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
            if (name.contains("(")) {
                continue; // column-level
            }
            privileges.add(name.equals("ALL PRIVILEGES") ? "ALL" : name);
        }
        String target = rest.strip();
        String upper = target.toUpperCase(Locale.ROOT);
        if (upper.startsWith("PROCEDURE ") || upper.startsWith("FUNCTION ") || upper.startsWith("PACKAGE ")
                || upper.startsWith("TABLE ")) {
            if (!upper.startsWith("TABLE ")) {
                return null; // routine privileges do not matter to Duplex
            }
            target = target.substring(6).strip();
        }
        List<String> parts = new ArrayList<>();
        int end = objectName(target, parts);
        if (end < 0 || parts.isEmpty()) {
            return null;
        }
        String db = parts.get(0);
        String table = parts.size() > 1 ? parts.get(1) : null;
        if (db.equals("*")) {
            return new Grant(privileges, null, null);
        }
        return new Grant(privileges, db, "*".equals(table) ? null : table);
    }

    /** Reads {@code a.b} with optional backtick quoting into {@code parts}; returns the end index. */
    private static int objectName(String s, List<String> parts) {
        int i = 0;
        while (i < s.length()) {
            StringBuilder name = new StringBuilder();
            if (s.charAt(i) == '`') {
                i++;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '`') {
                        if (i < s.length() && s.charAt(i) == '`') {
                            name.append('`');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        name.append(c);
                    }
                }
            } else {
                while (i < s.length() && s.charAt(i) != '.' && !Character.isWhitespace(s.charAt(i))) {
                    name.append(s.charAt(i++));
                }
            }
            parts.add(name.toString());
            if (i < s.length() && s.charAt(i) == '.' && parts.size() < 2) {
                i++;
            } else {
                return i;
            }
        }
        return i;
    }

    /** Index of {@code keyword} outside backticks, quotes and parentheses, or -1. */
    private static int topLevelKeyword(String s, String keyword) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '`' || c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && s.regionMatches(true, i, keyword, 0, keyword.length())) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitTopLevel(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(list.substring(start, i));
                start = i + 1;
            }
        }
        out.add(list.substring(start));
        return out;
    }
}
