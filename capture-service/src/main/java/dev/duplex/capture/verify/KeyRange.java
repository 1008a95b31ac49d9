package dev.duplex.capture.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.filter.WhereSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One chunk of a table in key order: the rows with key above {@code lower} (none: from the first)
 * and at most {@code upper} (none: to the last), within the task's row filter. Bounds are node a's
 * key values as bytes, bound as parameters on both nodes, so each server orders keys by its own
 * collation. The only place the chunk's WHERE is written.
 */
record KeyRange(TablePair table, List<byte[]> lower, List<byte[]> upper) {

    /** The condition, or "" for the whole (unfiltered) table. */
    String where() {
        List<String> conds = new ArrayList<>();
        if (!table.where().isAll()) {
            conds.add(table.where().sql().sql());
        }
        String keys = keyList(table);
        String marks = table.keyColumns().stream().map(k -> "?").collect(Collectors.joining(", "));
        if (lower != null) {
            conds.add("(" + keys + ") > (" + marks + ")");
        }
        if (upper != null) {
            conds.add("(" + keys + ") <= (" + marks + ")");
        }
        return conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds);
    }

    /** Binds {@link #where()}'s parameters from {@code first}; returns the next index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        WhereSql filter = table.where().sql();
        int i = table.where().isAll() ? first : filter.bind(ps, first);
        for (List<byte[]> bound : Arrays.asList(lower, upper)) {
            if (bound != null) {
                for (byte[] v : bound) {
                    ps.setBytes(i++, v);
                }
            }
        }
        return i;
    }

    /**
     * The upper bound of the chunk of {@code rows} rows after {@code lower} on node a, or null when
     * fewer rows are left (the chunk then runs to the end).
     */
    static List<byte[]> nextUpper(Connection a, TablePair t, List<byte[]> lower, int rows) throws SQLException {
        KeyRange from = new KeyRange(t, lower, null);
        String sql = "SELECT " + keyList(t) + " FROM " + qualified(t.dbA(), t.tableA()) + from.where()
                + " ORDER BY " + keyList(t) + " LIMIT 1 OFFSET " + (rows - 1);
        try (PreparedStatement ps = a.prepareStatement(sql)) {
            from.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                List<byte[]> key = new ArrayList<>();
                for (int i = 1; i <= t.keyColumns().size(); i++) {
                    key.add(rs.getBytes(i));
                }
                return key;
            }
        }
    }

    /** {@code `k1` = ? AND `k2` = ?}: one row by its key, the key's values bound as bytes. */
    static String keyMatch(TablePair t) {
        return t.keyColumns().stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "));
    }

    static String keyList(TablePair t) {
        return t.keyColumns().stream().map(k -> quote(k)).collect(Collectors.joining(", "));
    }
}
