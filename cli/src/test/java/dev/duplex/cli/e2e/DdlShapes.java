package dev.duplex.cli.e2e;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHOW CREATE of an object on a node, and node a's text under the names node b uses. */
final class DdlShapes {
    private static final Pattern QUOTED = Pattern.compile("`((?:[^`]|``)+)`");
    private static final Pattern DEFINER = Pattern.compile("DEFINER=`[^`]*`@`[^`]*` ?");

    private DdlShapes() {}

    static void exec(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** SHOW CREATE {what} db.name's definition (column 2; 3 for routines), or empty when it does not exist. */
    static Optional<String> showCreate(MySqlServer server, String what, String db, String name) throws SQLException {
        boolean routine = what.equals("PROCEDURE") || what.equals("FUNCTION");
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE " + what + " `" + db + "`.`" + name + "`")) {
            return rs.next() ? Optional.of(rs.getString(routine ? 3 : 2)) : Optional.empty();
        } catch (SQLException e) {
            if (e.getErrorCode() == 1146 || e.getErrorCode() == 1305) {
                return Optional.empty(); // no such table / routine
            }
            throw e;
        }
    }

    static boolean tableExists(MySqlServer server, String db, String table) throws SQLException {
        try (Connection c = server.connect(); var ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    /**
     * Node a's SHOW CREATE TABLE with every quoted name as node b has it: {@code renames} for
     * renamed databases and tables, index and constraint names (ix_, fk_, chk_) as they are, every
     * other name (tables, columns) upper case, as {@code capitalization: uppercase} makes them.
     */
    static String asOnB(String showCreate, Map<String, String> renames) {
        Matcher m = QUOTED.matcher(showCreate);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).replace("``", "`");
            String mapped = renames.containsKey(name) ? renames.get(name)
                    : name.matches("(ix|fk|chk)_.*|CONSTRAINT_\\d+") ? name : name.toUpperCase(Locale.ROOT);
            m.appendReplacement(sb, Matcher.quoteReplacement("`" + mapped.replace("`", "``") + "`"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * A view's or routine's text for comparing across the nodes: without its DEFINER (node b's is
     * Duplex's user), without backquotes, renamed names replaced, case ignored (columns and
     * aliases inside bodies keep the case they are written in; MySQL resolves them without case).
     */
    static String bodyForComparison(String showCreate, Map<String, String> renames) {
        String s = DEFINER.matcher(showCreate).replaceAll("").replace("`", "");
        for (var e : renames.entrySet()) {
            s = s.replaceAll("(?<![A-Za-z0-9_$])" + Pattern.quote(e.getKey()) + "(?![A-Za-z0-9_$])", e.getValue());
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
