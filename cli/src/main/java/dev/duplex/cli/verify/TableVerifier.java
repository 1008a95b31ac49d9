package dev.duplex.cli.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.filter.WhereSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Compares one table on both nodes: CHECKSUM TABLE first when the whole table is synchronized,
 * then, on a mismatch or for partial tables, a keyset-chunked comparison of the rows. Chunk
 * bounds come from node a's key order and node b is read within the same bounds, so the server's
 * collation decides key order on both sides.
 */
final class TableVerifier {
    private final Connection a;
    private final Connection b;
    private final int chunkSize;
    private final int maxSampleKeys;

    TableVerifier(Connection a, Connection b, int chunkSize, int maxSampleKeys) {
        this.a = a;
        this.b = b;
        this.chunkSize = chunkSize;
        this.maxSampleKeys = maxSampleKeys;
    }

    TableDiff verify(TablePair t) throws SQLException {
        if (t.wholeTable() && checksum(a, t.dbA(), t.tableA()) == checksum(b, t.dbB(), t.tableB())) {
            return new TableDiff(t, "checksum", -1, -1, 0, List.of());
        }
        return compareRows(t);
    }

    static long checksum(Connection c, String db, String table) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("CHECKSUM TABLE " + qualified(db, table) + " EXTENDED")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private TableDiff compareRows(TablePair t) throws SQLException {
        long rowsA = 0;
        long rowsB = 0;
        long diffs = 0;
        List<String> samples = new ArrayList<>();
        List<byte[]> lower = null;
        while (true) {
            Map<String, List<byte[]>> chunkA = read(a, t.dbA(), t.tableA(), t, lower, null, chunkSize);
            boolean last = chunkA.size() < chunkSize;
            List<byte[]> upper = last ? null : keyOf(lastRow(chunkA), t);
            Map<String, List<byte[]>> chunkB = read(b, t.dbB(), t.tableB(), t, lower, upper, 0);
            rowsA += chunkA.size();
            rowsB += chunkB.size();
            diffs += diff(chunkA, chunkB, samples);
            if (last) {
                return new TableDiff(t, "rows", rowsA, rowsB, diffs, List.copyOf(samples));
            }
            lower = upper;
        }
    }

    private long diff(Map<String, List<byte[]>> chunkA, Map<String, List<byte[]>> chunkB, List<String> samples) {
        long diffs = 0;
        for (var e : chunkA.entrySet()) {
            List<byte[]> other = chunkB.remove(e.getKey());
            String what = other == null ? "only on a" : sameRow(e.getValue(), other) ? null : "differs";
            if (what != null) {
                diffs++;
                sample(samples, e.getKey() + " " + what);
            }
        }
        for (String key : chunkB.keySet()) {
            diffs++;
            sample(samples, key + " only on b");
        }
        return diffs;
    }

    private void sample(List<String> samples, String s) {
        if (samples.size() < maxSampleKeys) {
            samples.add(s);
        }
    }

    private static boolean sameRow(List<byte[]> x, List<byte[]> y) {
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Rows with key > lower and, if given, <= upper, in key order; limit 0 means no limit. */
    private Map<String, List<byte[]>> read(Connection c, String db, String table, TablePair t, List<byte[]> lower,
                                           List<byte[]> upper, int limit) throws SQLException {
        String keys = t.keyColumns().stream().map(k -> quote(k)).collect(Collectors.joining(", "));
        String marks = t.keyColumns().stream().map(k -> "?").collect(Collectors.joining(", "));
        List<String> conds = new ArrayList<>();
        // From the parsed filter, literals bound: its text would read differently under the
        // server's sql_mode (NO_BACKSLASH_ESCAPES, ANSI_QUOTES) than the parser read it.
        WhereSql where = t.where().sql();
        if (!t.where().isAll()) {
            conds.add(where.sql());
        }
        if (lower != null) {
            conds.add("(" + keys + ") > (" + marks + ")");
        }
        if (upper != null) {
            conds.add("(" + keys + ") <= (" + marks + ")");
        }
        String sql = "SELECT " + t.columns().stream().map(col -> quote(col)).collect(Collectors.joining(", "))
                + " FROM " + qualified(db, table) + (conds.isEmpty() ? "" : " WHERE " + String.join(" AND ", conds))
                + " ORDER BY " + keys + (limit > 0 ? " LIMIT " + limit : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = where.bind(ps, 1);
            for (List<byte[]> bound : java.util.Arrays.asList(lower, upper)) {
                if (bound != null) {
                    for (byte[] v : bound) {
                        ps.setBytes(i++, v);
                    }
                }
            }
            return rows(ps, t);
        }
    }

    private static Map<String, List<byte[]>> rows(PreparedStatement ps, TablePair t) throws SQLException {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        int width = t.columns().size();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<byte[]> row = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) {
                    row.add(rs.getBytes(i));
                }
                out.put(keyText(row, t.keyColumns().size()), row);
            }
        }
        return out;
    }

    private static String keyText(List<byte[]> row, int keyWidth) {
        return row.subList(0, keyWidth).stream()
                .map(v -> v == null ? "NULL" : new String(v, java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static List<byte[]> lastRow(Map<String, List<byte[]>> chunk) {
        List<byte[]> last = null;
        for (List<byte[]> row : chunk.values()) {
            last = row;
        }
        return last;
    }

    private static List<byte[]> keyOf(List<byte[]> row, TablePair t) {
        return row.subList(0, t.keyColumns().size());
    }
}
