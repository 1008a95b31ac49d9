package dev.duplex.cli.e2e.workload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Builds and runs one random statement of a transaction, keeping the key model in step (with an
 * undo entry for a rollback) and checking the server changed exactly the rows it should.
 */
final class Statements {
    private final Connection c;
    private final String database;
    private final int parity;
    private final Random random;
    private final Map<String, KeySpace> keys;
    private final Deque<Runnable> undo;
    private final Map<String, Boolean> touched;

    Statements(Connection c, String database, int parity, Random random, Map<String, KeySpace> keys,
               Deque<Runnable> undo, Map<String, Boolean> touched) {
        this.c = c;
        this.database = database;
        this.parity = parity;
        this.random = random;
        this.keys = keys;
        this.undo = undo;
        this.touched = touched;
    }

    static String keyText(RandomTable t, long n) {
        return t.keyOf().apply(n).stream().map(String::valueOf).collect(Collectors.joining("|"));
    }

    /** Runs one statement on {@code t}; returns the number of rows it changed. */
    int random(RandomTable t) throws SQLException {
        KeySpace ks = keys.get(t.name());
        int pick = random.nextInt(100);
        int many = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
        if (ks.size() < 5 || pick < 45) {
            return t.autoIncrement() ? insertGenerated(t, ks) : insert(t, ks, many);
        }
        return pick < 80 ? update(t, ks, ks.pick(random, many)) : delete(t, ks, ks.pick(random, many));
    }

    private int insert(RandomTable t, KeySpace ks, int count) throws SQLException {
        List<String> cols = new ArrayList<>(t.keyColumns());
        cols.add("counter");
        t.payload().forEach(p -> cols.add(p.name()));
        String row = "(" + cols.stream().map(x -> "?").collect(Collectors.joining(", ")) + ")";
        String sql = "INSERT INTO " + table(t) + " (" + quoted(cols) + ") VALUES "
                + String.join(", ", Collections.nCopies(count, row));
        List<Long> added = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (int r = 0; r < count; r++) {
                long n = ks.next(parity);
                added.add(n);
                for (Object k : t.keyOf().apply(n)) {
                    ps.setObject(i++, k);
                }
                ps.setInt(i++, 0);
                for (RandomTable.Column p : t.payload()) {
                    ps.setObject(i++, p.values().apply(random));
                }
            }
            expect(ps.executeUpdate(), count, sql);
        }
        added.forEach(n -> added(t, ks, n));
        return count;
    }

    /** One row whose id the server generates (multi-row generated ids depend on server settings). */
    private int insertGenerated(RandomTable t, KeySpace ks) throws SQLException {
        String sql = "INSERT INTO " + table(t) + " (counter, " + quoted(t.payload().stream()
                .map(RandomTable.Column::name).toList()) + ") VALUES (0"
                + ", ?".repeat(t.payload().size()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            for (RandomTable.Column p : t.payload()) {
                ps.setObject(i++, p.values().apply(random));
            }
            expect(ps.executeUpdate(), 1, sql);
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                long n = rs.getLong(1);
                if (n % 2 != (parity == 1 ? 1 : 0)) {
                    throw new IllegalStateException("generated id " + n + " is not this node's (parity " + parity + ")");
                }
                added(t, ks, n);
            }
        }
        return 1;
    }

    private void added(RandomTable t, KeySpace ks, long n) {
        ks.add(n);
        undo.push(() -> ks.remove(n));
        touched.put(touchKey(t, n), true);
    }

    /** Every update bumps the counter, so the row really changes and is logged. */
    private int update(RandomTable t, KeySpace ks, List<Long> rows) throws SQLException {
        List<RandomTable.Column> settable = t.payload().stream().filter(p -> rows.size() == 1 || !p.unique()).toList();
        RandomTable.Column col = settable.get(random.nextInt(settable.size()));
        String sql = "UPDATE " + table(t) + " SET `counter` = `counter` + 1, `" + col.name() + "` = ? WHERE "
                + keyIn(t, rows.size());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, col.values().apply(random));
            bindKeys(ps, 2, t, rows);
            expect(ps.executeUpdate(), rows.size(), sql);
        }
        return rows.size();
    }

    private int delete(RandomTable t, KeySpace ks, List<Long> rows) throws SQLException {
        String sql = "DELETE FROM " + table(t) + " WHERE " + keyIn(t, rows.size());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKeys(ps, 1, t, rows);
            expect(ps.executeUpdate(), rows.size(), sql);
        }
        for (long n : rows) {
            ks.remove(n);
            undo.push(() -> ks.add(n));
            touched.put(touchKey(t, n), false);
        }
        return rows.size();
    }

    private static String keyIn(RandomTable t, int count) {
        String one = t.keyColumns().size() == 1 ? "?"
                : "(" + t.keyColumns().stream().map(k -> "?").collect(Collectors.joining(", ")) + ")";
        return (t.keyColumns().size() == 1 ? "`" + t.keyColumns().get(0) + "`" : "(" + quoted(t.keyColumns()) + ")")
                + " IN (" + String.join(", ", Collections.nCopies(count, one)) + ")";
    }

    private static void bindKeys(PreparedStatement ps, int from, RandomTable t, List<Long> rows) throws SQLException {
        int i = from;
        for (long n : rows) {
            for (Object k : t.keyOf().apply(n)) {
                ps.setObject(i++, k);
            }
        }
    }

    private static void expect(int changed, int expected, String sql) {
        if (changed != expected) {
            throw new IllegalStateException(sql + " changed " + changed + " rows, expected " + expected
                    + ": another writer touched this node's rows");
        }
    }

    private String table(RandomTable t) {
        return "`" + database + "`.`" + t.name() + "`";
    }

    private static String quoted(List<String> cols) {
        return cols.stream().map(x -> "`" + x + "`").collect(Collectors.joining(", "));
    }

    private static String touchKey(RandomTable t, long n) {
        return t.name() + "#" + n;
    }

    /** Brings the model in line with the server for rows a commit of unknown outcome touched. */
    static void settle(Connection c, String database, List<RandomTable> tables, Map<String, KeySpace> keys,
                       Map<String, Boolean> unsettled) throws SQLException {
        for (var e : unsettled.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('#'));
            long n = Long.parseLong(e.getKey().substring(name.length() + 1));
            RandomTable t = tables.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
            String sql = "SELECT COUNT(*) FROM `" + database + "`.`" + name + "` WHERE " + keyIn(t, 1);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindKeys(ps, 1, t, List.of(n));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        keys.get(name).add(n);
                    } else {
                        keys.get(name).remove(n);
                    }
                }
            }
        }
        c.commit();
        unsettled.clear();
    }
}
