package dev.duplex.cli.e2e;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The end-to-end tests' plain SQL on one node: statements, statements kept out of its binlog, counts. */
final class NodeSql {
    private NodeSql() {}

    static void run(MySqlServer node, String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Statements kept out of the node's binlog: its capture must not see the test's own fixtures. */
    static void runUnlogged(MySqlServer node, String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    static long count(MySqlServer node, String table) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
