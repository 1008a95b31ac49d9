package dev.duplex.capture.source;

import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.BinlogPosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start that the source's binlog can be captured, and answers the position questions
 * capture asks over SQL. Every refusal names the server setting and the fix.
 */
public final class SourceInspector {
    private static final Logger LOG = LoggerFactory.getLogger(SourceInspector.class);

    private final ConnectionFactory connections;
    private final String address;

    public SourceInspector(ConnectionFactory connections, String address) {
        this.connections = connections;
        this.address = address;
    }

    /**
     * @throws IncompatibleSourceException when binary logging, its format, row image or compression
     *                                     settings make a faithful capture impossible
     */
    public SourceInfo check() {
        Map<String, String> v = variables();
        boolean mariaDb = v.getOrDefault("version", "").toLowerCase(Locale.ROOT).contains("mariadb");
        requireSetting(!isOn(v.get("log_bin")), "log_bin is OFF on " + address + "; Duplex reads the binary log: "
                + "start the server with log_bin enabled (for example log-bin=mysql-bin in its config), then restart "
                + "the capture");
        requireSetting(!"ROW".equalsIgnoreCase(v.get("binlog_format")), "binlog_format is " + v.get("binlog_format")
                + " on " + address + "; Duplex needs ROW: SET GLOBAL binlog_format=ROW and add binlog_format=ROW to "
                + "the server config, then restart the capture");
        requireSetting(!"FULL".equalsIgnoreCase(v.get("binlog_row_image")), "binlog_row_image is "
                + v.get("binlog_row_image") + " on " + address + "; Duplex needs FULL: SET GLOBAL binlog_row_image=FULL "
                + "and add binlog_row_image=FULL to the server config, then restart the capture");
        requireSetting(isOn(v.get("log_bin_compress")), "log_bin_compress is ON on " + address + "; Duplex cannot "
                + "read MariaDB's compressed binlog events: SET GLOBAL log_bin_compress=OFF and add "
                + "log_bin_compress=OFF to the server config, then restart the capture");
        requireSetting(isOn(v.get("binlog_transaction_compression")), "binlog_transaction_compression is ON on "
                + address + "; Duplex cannot read compressed transaction payloads: SET GLOBAL "
                + "binlog_transaction_compression=OFF and add it to the server config, then restart the capture");
        String valueOptions = v.getOrDefault("binlog_row_value_options", "");
        requireSetting(!valueOptions.isBlank(), "binlog_row_value_options is '" + valueOptions + "' on " + address
                + "; JSON partial updates omit the full row image Duplex needs: SET GLOBAL binlog_row_value_options='' "
                + "and remove it from the server config, then restart the capture");
        boolean full = "FULL".equalsIgnoreCase(v.get("binlog_row_metadata"));
        if (!full) {
            LOG.warn("source={} binlog_row_metadata is {}: column names, signedness and charsets will be read from "
                    + "information_schema, which may not match older binlog events after a schema change. "
                    + "Fix: SET GLOBAL binlog_row_metadata=FULL and add it to the server config",
                    address, v.getOrDefault("binlog_row_metadata", "unsupported"));
        }
        return new SourceInfo(mariaDb, v.getOrDefault("version", ""), identity(v, mariaDb), full);
    }

    /** The position the next transaction will be written at, with the server's GTID position. */
    public BinlogPosition currentPosition(boolean mariaDb) {
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            String file;
            long pos;
            String gtid = "";
            try (ResultSet rs = masterStatus(s)) {
                if (!rs.next()) {
                    throw new IncompatibleSourceException("SHOW MASTER STATUS returns nothing on " + address
                            + ": binary logging is off; enable log_bin and restart the server");
                }
                file = rs.getString(1);
                pos = rs.getLong(2);
                if (!mariaDb && rs.getMetaData().getColumnCount() >= 5) {
                    gtid = nullToEmpty(rs.getString(5));
                }
            }
            if (mariaDb) {
                try (ResultSet rs = s.executeQuery("SELECT @@gtid_binlog_pos")) {
                    gtid = rs.next() ? nullToEmpty(rs.getString(1)) : "";
                }
            }
            return new BinlogPosition(file, pos, gtid);
        } catch (SQLException e) {
            throw failure("cannot read the current binlog position", e);
        }
    }

    /** The binlog files the server still has, in order, with their sizes in bytes. */
    public Map<String, Long> binaryLogs() {
        Map<String, Long> files = new LinkedHashMap<>();
        try (Connection c = connections.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                files.put(rs.getString(1), rs.getLong(2));
            }
            return files;
        } catch (SQLException e) {
            throw failure("cannot list the binary logs", e);
        }
    }

    /**
     * Whether the server's binlog history still holds every GTID of {@code gtidSet}: MySQL asks
     * GTID_SUBSET against gtid_executed; MariaDB compares each domain's sequence number with
     * gtid_binlog_state (sequence numbers only grow within a domain). RESET MASTER empties both.
     */
    public boolean hasGtids(String gtidSet, boolean mariaDb) {
        try (Connection c = connections.open()) {
            if (!mariaDb) {
                try (PreparedStatement ps = c.prepareStatement("SELECT GTID_SUBSET(?, @@GLOBAL.gtid_executed)")) {
                    ps.setString(1, gtidSet);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && rs.getInt(1) == 1;
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@GLOBAL.gtid_binlog_state")) {
                return MariaDbGtids.contains(rs.next() ? nullToEmpty(rs.getString(1)) : "", gtidSet);
            } catch (IllegalArgumentException notMariaDbNotation) {
                return true; // a set in another notation cannot be compared: the position checks still apply
            }
        } catch (SQLException e) {
            throw failure("cannot read the server's GTID state", e);
        }
    }

    private Map<String, String> variables() {
        Map<String, String> v = new HashMap<>();
        try (Connection c = connections.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL VARIABLES WHERE Variable_name IN ('version', 'log_bin', "
                     + "'binlog_format', 'binlog_row_image', 'binlog_row_metadata', 'log_bin_compress', "
                     + "'binlog_transaction_compression', 'binlog_row_value_options', 'server_id', 'server_uuid', "
                     + "'gtid_domain_id', 'hostname')")) {
            while (rs.next()) {
                v.put(rs.getString(1).toLowerCase(Locale.ROOT), nullToEmpty(rs.getString(2)));
            }
            return v;
        } catch (SQLException e) {
            throw failure("cannot read the server settings", e);
        }
    }

    private static String identity(Map<String, String> v, boolean mariaDb) {
        if (!mariaDb && !v.getOrDefault("server_uuid", "").isEmpty()) {
            return "mysql:" + v.get("server_uuid");
        }
        return "mariadb:server_id=" + v.getOrDefault("server_id", "") + ",domain=" + v.getOrDefault("gtid_domain_id", "0")
                + ",host=" + v.getOrDefault("hostname", "");
    }

    private static ResultSet masterStatus(Statement s) throws SQLException {
        try {
            return s.executeQuery("SHOW MASTER STATUS");
        } catch (SQLException removedIn84) {
            return s.executeQuery("SHOW BINARY LOG STATUS");
        }
    }

    private static void requireSetting(boolean violated, String message) {
        if (violated) {
            throw new IncompatibleSourceException(message);
        }
    }

    private static boolean isOn(String value) {
        return value != null && (value.equalsIgnoreCase("ON") || value.equals("1"));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private RuntimeException failure(String what, SQLException e) {
        return SqlFailures.wrap(what + " on " + address, e);
    }
}
