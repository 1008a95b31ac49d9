package dev.duplex.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The bench's data on node a: {@code tables} narrow tables {@code bench.t1..} of {@code rows}
 * rows together, filled by doubling (INSERT ... SELECT of the table onto itself), which works on
 * every MySQL and MariaDB without helper tables.
 */
public final class BenchTables {
    private BenchTables() {}

    public static void create(Connection a, long rows, int tables) throws SQLException {
        long perTable = Math.max(1, rows / tables);
        try (Statement st = a.createStatement()) {
            st.execute("CREATE DATABASE bench CHARACTER SET utf8mb4");
            for (int i = 1; i <= tables; i++) {
                String t = "bench.t" + i;
                st.execute("CREATE TABLE " + t + " (id BIGINT PRIMARY KEY, k INT NOT NULL, v VARCHAR(32) NOT NULL, "
                        + "ts DATETIME(6) NOT NULL, amount DECIMAL(12,2) NOT NULL, KEY by_k (k))");
                st.execute("INSERT INTO " + t + " VALUES (1, 1, 'row-1', '2024-01-01 00:00:01', 0.01)");
                for (long have = 1; have < perTable; have *= 2) {
                    long add = Math.min(have, perTable - have);
                    st.execute("INSERT INTO " + t + " SELECT id + " + have + ", (id + " + have + ") % 1000, "
                            + "CONCAT('row-', id + " + have + "), ts + INTERVAL " + have + " SECOND, amount + "
                            + (have / 100.0) + " FROM " + t + " ORDER BY id LIMIT " + add);
                }
            }
        }
    }
}
