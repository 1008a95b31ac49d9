package dev.duplex.cli.e2e;

import dev.duplex.core.sql.Identifiers;
import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CHECKSUM TABLE and row counts of every base table of a database, run directly on a server. */
public final class Checksums {
    private Checksums() {}

    /** "table" -> "rows=N checksum=C", sorted by table name. */
    public static Map<String, String> of(MySqlServer server, String database) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String table : tables(st, database)) {
                String q = Identifiers.qualified(database, table);
                long rows;
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + q)) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                try (ResultSet rs = st.executeQuery("CHECKSUM TABLE " + q + " EXTENDED")) {
                    rs.next();
                    out.put(table, "rows=" + rows + " checksum=" + rs.getString(2));
                }
            }
        }
        return out;
    }

    private static List<String> tables(Statement st, String database) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                + database.replace("'", "''") + "' AND TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
