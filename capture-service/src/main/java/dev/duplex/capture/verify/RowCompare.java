package dev.duplex.capture.verify;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Compares the rows of one range (a chunk, or one key) on both nodes, column bytes against column bytes. */
final class RowCompare {
    private RowCompare() {}

    /** The keys of {@code range} whose rows differ or exist on one node only, in key order of node a. */
    static List<KeyDiff> compare(Connection a, Connection b, KeyRange range) throws SQLException {
        TablePair t = range.table();
        Map<String, List<byte[]>> onA = read(a, t.dbA(), t.tableA(), range);
        Map<String, List<byte[]>> onB = read(b, t.dbB(), t.tableB(), range);
        return diff(t, onA, onB);
    }

    /** The rows of the given keys on both nodes, compared: what still differs of {@code keys}. */
    static List<KeyDiff> recheck(Connection a, Connection b, TablePair t, List<KeyDiff> keys) throws SQLException {
        List<KeyDiff> out = new ArrayList<>();
        for (KeyDiff k : keys) {
            KeyRange exactly = new KeyRange(t, null, null);
            Map<String, List<byte[]>> onA = readKey(a, t.dbA(), t.tableA(), exactly, k.key());
            Map<String, List<byte[]>> onB = readKey(b, t.dbB(), t.tableB(), exactly, k.key());
            out.addAll(diff(t, onA, onB));
        }
        return out;
    }

    private static List<KeyDiff> diff(TablePair t, Map<String, List<byte[]>> onA, Map<String, List<byte[]>> onB) {
        List<KeyDiff> out = new ArrayList<>();
        for (var e : onA.entrySet()) {
            List<byte[]> other = onB.remove(e.getKey());
            String kind = other == null ? "only on a" : same(e.getValue(), other) ? null : "differs";
            if (kind != null) {
                out.add(new KeyDiff(e.getValue().subList(0, t.keyColumns().size()), e.getKey(), kind));
            }
        }
        for (var e : onB.entrySet()) {
            out.add(new KeyDiff(e.getValue().subList(0, t.keyColumns().size()), e.getKey(), "only on b"));
        }
        return out;
    }

    private static boolean same(List<byte[]> x, List<byte[]> y) {
        for (int i = 0; i < x.size(); i++) {
            if (!Arrays.equals(x.get(i), y.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<byte[]>> read(Connection c, String db, String table, KeyRange range)
            throws SQLException {
        TablePair t = range.table();
        try (PreparedStatement ps = c.prepareStatement(select(db, table, t) + range.where() + " ORDER BY "
                + KeyRange.keyList(t))) {
            range.bind(ps, 1);
            return rows(ps, t);
        }
    }

    private static Map<String, List<byte[]>> readKey(Connection c, String db, String table, KeyRange all,
                                                     List<byte[]> key) throws SQLException {
        TablePair t = all.table();
        String where = all.where();
        String keyMatch = KeyRange.keyMatch(t);
        String sql = select(db, table, t) + (where.isEmpty() ? " WHERE " : where + " AND ") + keyMatch;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = all.bind(ps, 1);
            for (byte[] v : key) {
                ps.setBytes(i++, v);
            }
            return rows(ps, t);
        }
    }

    private static String select(String db, String table, TablePair t) {
        return "SELECT " + t.columns().stream().map(col -> quote(col)).collect(Collectors.joining(", "))
                + " FROM " + qualified(db, table);
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

    static String keyText(List<byte[]> row, int keyWidth) {
        return row.subList(0, keyWidth).stream()
                .map(v -> v == null ? "NULL" : new String(v, StandardCharsets.UTF_8))
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
