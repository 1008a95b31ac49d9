package dev.duplex.precheck.facts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link ServerFacts} over an open connection. Only VERSION() and the variables are
 * essential; what needs privileges the account may lack (grants, replica status, binlog
 * filters) is read when allowed and otherwise marked unknown, so the checks can say so.
 */
public final class FactsReader {

    private static final Logger LOG = LoggerFactory.getLogger(FactsReader.class);
    static final int QUERY_TIMEOUT_SECONDS = 30;

    private FactsReader() {}

    public static ServerFacts read(Connection c) throws SQLException {
        String version = single(c, "SELECT VERSION()");
        String account = account(single(c, "SELECT CURRENT_USER()"));
        Map<String, String> variables = pairs(c, "SHOW GLOBAL VARIABLES");
        Flavor flavor = Flavor.detect(version, variables);
        boolean mysql = flavor.mysqlFamily();
        return new ServerFacts(ServerVersion.parse(version), flavor, account, variables, grants(c),
                replica(c, mysql), binlogFilters(c), tlsCipher(c), rdsRetention(c, variables));
    }

    private static Grants grants(Connection c) {
        try {
            return Grants.parse(column(c, "SHOW GRANTS"));
        } catch (SQLException e) {
            return Grants.unreadable(e.getMessage());
        }
    }

    /** MariaDB lists every replication source; MySQL 8.0.22+ says REPLICA, older SLAVE. */
    private static Optional<Boolean> replica(Connection c, boolean mysql) {
        List<String> statements = mysql ? List.of("SHOW REPLICA STATUS", "SHOW SLAVE STATUS")
                : List.of("SHOW ALL SLAVES STATUS");
        for (String sql : statements) {
            try (Statement s = statement(c); ResultSet rs = s.executeQuery(sql)) {
                return Optional.of(rs.next());
            } catch (SQLException e) {
                LOG.debug("{} failed: {}", sql, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** MySQL 8.2+ renamed SHOW MASTER STATUS to SHOW BINARY LOG STATUS (8.4 removed the old one). */
    private static Optional<BinlogFilters> binlogFilters(Connection c) {
        for (String sql : List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS")) {
            try (Statement s = statement(c); ResultSet rs = s.executeQuery(sql)) {
                if (!rs.next()) {
                    return Optional.of(BinlogFilters.none()); // binlog off: nothing to filter
                }
                return Optional.of(BinlogFilters.parse(rs.getString("Binlog_Do_DB"), rs.getString("Binlog_Ignore_DB")));
            } catch (SQLException e) {
                LOG.debug("{} failed: {}", sql, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String tlsCipher(Connection c) {
        try {
            return pairs(c, "SHOW SESSION STATUS LIKE 'Ssl_cipher'").getOrDefault("Ssl_cipher", "");
        } catch (SQLException e) {
            return "";
        }
    }

    /** On Amazon RDS, mysql.rds_configuration decides binlog retention, not the expiry variables. */
    private static OptionalLong rdsRetention(Connection c, Map<String, String> variables) {
        if (!variables.getOrDefault("basedir", "").startsWith("/rdsdbbin")) {
            return OptionalLong.empty();
        }
        try (Statement s = statement(c); ResultSet rs = s.executeQuery(
                "SELECT value FROM mysql.rds_configuration WHERE name = 'binlog retention hours'")) {
            if (!rs.next()) {
                return OptionalLong.empty();
            }
            String v = rs.getString(1);
            return OptionalLong.of(v == null ? -1 : Long.parseLong(v.strip()));
        } catch (SQLException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** "duplex@%" as 'duplex'@'%'. */
    static String account(String currentUser) {
        int at = currentUser.lastIndexOf('@');
        if (at < 0) {
            return "'" + currentUser + "'";
        }
        return "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1) + "'";
    }

    static Statement statement(Connection c) throws SQLException {
        Statement s = c.createStatement();
        s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
        return s;
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = statement(c); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = statement(c); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static Map<String, String> pairs(Connection c, String sql) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement s = statement(c); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
