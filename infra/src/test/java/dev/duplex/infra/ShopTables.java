package dev.duplex.infra;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The shop's tables on a node, compared: checksums and row counts, and the rows that differ. */
final class ShopTables {
    static final List<String> TABLES = List.of("customers", "products", "orders", "notes");

    private ShopTables() {}

    static Map<String, String> checksums(MySqlServer node) {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE shop." + t)) {
                    rs.next();
                    out.put(t, rs.getString(2));
                }
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM shop." + t)) {
                    rs.next();
                    out.put(t + ".rows", rs.getString(1));
                }
            }
        } catch (SQLException e) {
            out.put("error", e.getMessage());
        }
        return out;
    }

    /** The first rows that differ, per table, for the failure message. */
    static String differences(MySqlServer a, MySqlServer b) {
        StringBuilder out = new StringBuilder();
        for (String t : TABLES) {
            Set<String> onA = rows(a, t);
            Set<String> onB = rows(b, t);
            Set<String> onlyA = new TreeSet<>(onA);
            onlyA.removeAll(onB);
            Set<String> onlyB = new TreeSet<>(onB);
            onlyB.removeAll(onA);
            if (!onlyA.isEmpty() || !onlyB.isEmpty()) {
                out.append(t).append(": only on a ").append(onlyA.stream().limit(8).toList()).append(", only on b ")
                        .append(onlyB.stream().limit(8).toList()).append('\n');
            }
        }
        return out.toString();
    }

    private static Set<String> rows(MySqlServer node, String table) {
        Set<String> out = new HashSet<>();
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM shop." + table)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        } catch (SQLException e) {
            out.add("error: " + e.getMessage());
        }
        return out;
    }

}
