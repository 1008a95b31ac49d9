package dev.duplex.capture.schema;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.sql.TableTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The base tables of node a that a task selects, as node a names them, with the server's row
 * estimate: what schema sync creates and full sync copies. The duplex schema and online-DDL
 * shadow tables are never among them ({@link TaskConfig#selectionFor}).
 */
public final class SelectedTables {

    /** @param estimatedRows information_schema.TABLES.TABLE_ROWS, an estimate */
    public record Table(String database, String table, long estimatedRows) {
        public String qualifiedName() {
            return database + "." + table;
        }
    }

    private SelectedTables() {}

    /** In database, then table name order, so every run visits them alike. */
    public static List<Table> list(Connection a, TaskConfig config) throws SQLException {
        List<Table> out = new ArrayList<>();
        for (DatabaseSelection d : config.objects().databases()) {
            try (PreparedStatement ps = a.prepareStatement("SELECT TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = ? AND " + TableTypes.STORED + " ORDER BY TABLE_NAME")) {
                ps.setString(1, d.name());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString(1);
                        if (config.selectionFor(d.name(), table) != null) {
                            out.add(new Table(d.name(), table, Math.max(0, rs.getLong(2))));
                        }
                    }
                }
            }
        }
        return out;
    }
}
