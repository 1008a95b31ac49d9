package dev.duplex.cli.e2e.workload;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transactions on one node that fight over the same few keys as the other node's: inserts,
 * updates (some moving a row to another primary key), deletes and re-inserts of {@code kv}'s
 * 100 keys, whose unique column {@code u} has 30 values (so rows of different keys collide on
 * it), and increments of {@code counters}' {@value #COUNTERS} rows. Single- and multi-row
 * statements, one to three per transaction. Statements the node itself refuses (a duplicate
 * key) are part of the game; a transaction that fails otherwise (deadlock) is rolled back, and
 * only increments of committed transactions count.
 */
public final class ContendedWorkload {
    public static final int KEYS = 100;
    public static final int UNIQUE_VALUES = 30;
    public static final int COUNTERS = 20;
    private static final Set<Integer> REFUSED = Set.of(1062, 1213, 1205);

    private final MySqlServer server;
    private final String db;
    private final Random random;
    private final String node;
    private final AtomicLong increments = new AtomicLong();
    private long committed;

    public ContendedWorkload(MySqlServer server, String db, long seed, String node) {
        this.server = server;
        this.db = db;
        this.random = new Random(seed);
        this.node = node;
    }

    public static void createSchema(Connection c, String db) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
            st.execute("CREATE TABLE " + db + ".kv (id INT PRIMARY KEY, u INT NULL UNIQUE, val VARCHAR(40),"
                    + " n INT NOT NULL DEFAULT 0)");
            st.execute("CREATE TABLE " + db + ".counters (id INT PRIMARY KEY, hits BIGINT NOT NULL DEFAULT 0,"
                    + " note VARCHAR(40))");
            for (int i = 1; i <= COUNTERS; i++) {
                st.execute("INSERT INTO " + db + ".counters VALUES (" + i + ", 0, 'seed')");
            }
        }
    }

    /** Runs transactions until {@code transactions} of them committed (a deadlock's victim does not count). */
    public void run(int transactions) throws SQLException {
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            for (int t = 0; committed < transactions; t++) {
                transaction(c, t);
            }
        }
    }

    /** Writes each of the 100 keys once (update, delete or insert), one transaction each: the final burst. */
    public void burst(int tag) throws SQLException {
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            for (int id = 1; id <= KEYS; id++) {
                long pending = 0;
                try {
                    switch (random.nextInt(3)) {
                        case 0 -> exec(c, "UPDATE " + db + ".kv SET val = ?, u = ? WHERE id = ?", node + "-burst" + tag,
                                uniqueValue(), id);
                        case 1 -> exec(c, "DELETE FROM " + db + ".kv WHERE id = ?", id);
                        default -> exec(c, "INSERT INTO " + db + ".kv (id, u, val) VALUES (?, ?, ?)", id, uniqueValue(),
                                node + "-burst" + tag);
                    }
                    pending += increment(c);
                    c.commit();
                    increments.addAndGet(pending);
                } catch (SQLException e) {
                    c.rollback();
                }
            }
        }
    }

    private void transaction(Connection c, int t) throws SQLException {
        long pending = 0;
        try {
            int statements = 1 + random.nextInt(3);
            for (int s = 0; s < statements; s++) {
                pending += statement(c, t);
            }
            c.commit();
            committed++;
            increments.addAndGet(pending);
        } catch (SQLException e) {
            if (!REFUSED.contains(e.getErrorCode())) {
                throw e;
            }
            c.rollback();
        }
    }

    /** One statement; returns the increment it added to a counter (0 for others). */
    private long statement(Connection c, int t) throws SQLException {
        int id = 1 + random.nextInt(KEYS);
        String val = node + t;
        int pick = random.nextInt(100);
        try {
            if (pick < 25) {
                exec(c, "INSERT INTO " + db + ".kv (id, u, val) VALUES (?, ?, ?)", id, uniqueValue(), val);
            } else if (pick < 50) {
                exec(c, "UPDATE " + db + ".kv SET val = ?, n = n + 1, u = ? WHERE id = ?", val, uniqueValue(), id);
            } else if (pick < 62) {
                exec(c, "DELETE FROM " + db + ".kv WHERE id = ?", id);
            } else if (pick < 67) {
                exec(c, "UPDATE " + db + ".kv SET val = ? WHERE id BETWEEN ? AND ?", val, id, id + 3);
            } else if (pick < 70) {
                exec(c, "DELETE FROM " + db + ".kv WHERE id BETWEEN ? AND ?", id, id + 2);
            } else if (pick < 73) {
                exec(c, "UPDATE " + db + ".kv SET id = ? WHERE id = ?", 1 + random.nextInt(KEYS), id);
            } else {
                return increment(c);
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != 1062) {
                throw e;
            }
        }
        return 0;
    }

    private long increment(Connection c) throws SQLException {
        int by = 1 + random.nextInt(9);
        int n = exec(c, "UPDATE " + db + ".counters SET hits = hits + ?, note = ? WHERE id = ?", by,
                node + random.nextInt(1000), 1 + random.nextInt(COUNTERS));
        return n == 1 ? by : 0;
    }

    private Object uniqueValue() {
        return random.nextInt(4) == 0 ? null : 1 + random.nextInt(UNIQUE_VALUES);
    }

    private static int exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** The sum of the increments of the transactions that committed. */
    public long increments() {
        return increments.get();
    }

    public long committed() {
        return committed;
    }
}
