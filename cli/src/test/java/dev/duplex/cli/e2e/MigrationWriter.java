package dev.duplex.cli.e2e;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts and updates rows of {@code db.items} on one node without pause while its definition
 * changes under it: every statement names the columns the table has as last read, with a value
 * for each (so renamed and dropped columns carry real values), and the definition is read again
 * when the server says it changed. Bounded (at most {@link #MAX_STATEMENTS}) and seeded.
 */
final class MigrationWriter {
    static final int MAX_STATEMENTS = 40_000;
    /** Unknown column, no default for a column, a column count that no longer fits. */
    private static final Set<Integer> SHAPE_CHANGED = Set.of(1054, 1364, 1136);

    private final MySqlServer node;
    private final String db;
    private final Random random;
    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger inserts = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Integer> ids = new ArrayList<>();
    private volatile boolean stopping;
    private Thread thread;

    MigrationWriter(MySqlServer node, String db, Random random) {
        this.node = node;
        this.db = db;
        this.random = random;
        for (int id = 1; id <= 200; id++) {
            ids.add(id);
        }
    }

    void start() {
        thread = new Thread(this::run, "writer-" + node.name());
        thread.start();
    }

    /** Stops and joins the writer; rethrows what made it stop early. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
        if (failure.get() != null) {
            throw new AssertionError("the writer on " + node.name() + " failed", failure.get());
        }
    }

    int statements() {
        return statements.get();
    }

    int inserts() {
        return inserts.get();
    }

    private void run() {
        try (Connection c = node.connect()) {
            Map<String, String> columns = columns(c);
            int nextId = 100_000;
            while (!stopping && statements.get() < MAX_STATEMENTS) {
                try {
                    if (random.nextInt(10) < 4) {
                        insert(c, columns, nextId);
                        ids.add(nextId++);
                        inserts.incrementAndGet();
                    } else {
                        update(c, columns, ids.get(random.nextInt(ids.size())));
                    }
                    statements.incrementAndGet();
                } catch (SQLException e) {
                    if (!SHAPE_CHANGED.contains(e.getErrorCode())) {
                        throw e;
                    }
                    columns = columns(c);
                }
                Thread.sleep(2);
            }
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private void insert(Connection c, Map<String, String> columns, int id) throws SQLException {
        List<String> names = new ArrayList<>(columns.keySet());
        String sql = "INSERT INTO " + db + ".items (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                ps.setObject(i + 1, names.get(i).equals("id") ? id : value(columns.get(names.get(i))));
            }
            ps.executeUpdate();
        }
    }

    private void update(Connection c, Map<String, String> columns, int id) throws SQLException {
        List<String> others = columns.keySet().stream().filter(n -> !n.equals("id") && !n.equals("v")).toList();
        String other = others.get(random.nextInt(others.size()));
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + db + ".items SET v = ?, " + other + " = ? WHERE id = ?")) {
            ps.setInt(1, random.nextInt(100_000));
            ps.setObject(2, value(columns.get(other)));
            ps.setInt(3, id);
            ps.executeUpdate();
        }
    }

    private Object value(String type) {
        return switch (type) {
            case "int" -> random.nextInt(1000);
            case "enum" -> random.nextBoolean() ? "x" : "y";
            default -> "b" + random.nextInt(1_000_000);
        };
    }

    /** Column name to data type, as the node has the table now. */
    private Map<String, String> columns(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'items' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }
}
