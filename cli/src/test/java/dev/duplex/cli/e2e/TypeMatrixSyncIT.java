package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.verify.TableDiff;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column type family with its edge values, written on a and on b, arrives on the other
 * node byte for byte. Each node also holds a reference copy ({@code ref}, not synchronized)
 * written natively with the same statements, so the synchronized rows are compared with what
 * the server itself stores for those literals, exactly (in-server {@code <=>} for floats).
 */
class TypeMatrixSyncIT {
    private static final List<String> TABLES = List.of("matrix", "keyed", "uk_only");
    private static final Map<String, String> SELECTS = Map.of(
            "matrix", TypeMatrix.select("%s.matrix"),
            "keyed", "SELECT CAST(k1 AS CHAR), CAST(k2 AS CHAR), HEX(k3), HEX(val) FROM %s.keyed ORDER BY k1, k2, k3",
            "uk_only", "SELECT HEX(u), val FROM %s.uk_only ORDER BY u");

    /** Rows the two scripts leave: six matrix rows, two keyed and two uk_only rows per node. */
    private static final Map<String, Integer> EXPECTED_ROWS = Map.of("matrix", 12, "keyed", 4, "uk_only", 4);

    /** The warning is about copies made with SELECT *; the binlog carries invisible columns. */
    private static final String ACKNOWLEDGE_INVISIBLE = "precheck: {acknowledge: [invisible-columns.*]}";

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String db : List.of("types", "ref")) {
                st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
                st.execute("CREATE TABLE " + db + ".matrix (" + TypeMatrix.DDL + ") CHARACTER SET utf8mb4");
                st.execute("CREATE TABLE " + db + ".keyed (k1 DECIMAL(65,30) NOT NULL, k2 DATETIME(6) NOT NULL, "
                        + "k3 VARBINARY(32) NOT NULL, val VARCHAR(20), PRIMARY KEY (k1, k2, k3))");
                st.execute("CREATE TABLE " + db + ".uk_only (u VARCHAR(40) NOT NULL, val INT, UNIQUE KEY (u))");
            }
        }
    }

    /** The statements one node writes, each element one transaction; "%s" is the database. */
    private static List<List<String>> script(String node) {
        int o = "a".equals(node) ? 0 : 100;
        String m = "%s.matrix";
        byte nb = (byte) ("a".equals(node) ? 0xAA : 0xBB);
        String k3 = String.format("0x%02X00FF", nb);
        List<List<String>> txs = new ArrayList<>();
        txs.add(List.of(TypeMatrix.insert(m, o + 1, TypeMatrix.minimum())));
        txs.add(List.of(TypeMatrix.insert(m, o + 2, TypeMatrix.maximum())));
        txs.add(List.of(TypeMatrix.insert(m, o + 3, TypeMatrix.nulls())));
        txs.add(List.of(TypeMatrix.insert(m, o + 4, TypeMatrix.zeros())));
        txs.add(List.of(TypeMatrix.insert(m, o + 5, TypeMatrix.mixed())));
        txs.add(List.of(TypeMatrix.insert(m, o + 6, TypeMatrix.mixed()), TypeMatrix.insert(m, o + 7, TypeMatrix.zeros()),
                TypeMatrix.update(m, o + 6, TypeMatrix.minimum())));
        txs.add(List.of(TypeMatrix.update(m, o + 1, TypeMatrix.maximum())));
        txs.add(List.of(TypeMatrix.update(m, o + 3, TypeMatrix.mixed())));
        txs.add(List.of(TypeMatrix.update(m, o + 2, TypeMatrix.nulls())));
        txs.add(List.of(TypeMatrix.update(m, o + 4, TypeMatrix.maximum()), TypeMatrix.update(m, o + 7, TypeMatrix.mixed())));
        txs.add(List.of("DELETE FROM " + m + " WHERE id = " + (o + 5)));
        txs.add(List.of("INSERT INTO %s.keyed VALUES "
                + "(-12345678901234567890.123456789012345678901234567890, '2024-01-01 00:00:00.000001', " + k3 + ", 'one'), "
                + "(0.000000000000000000000000000001, '0000-00-00 00:00:00', " + k3 + ", 'two'), "
                + "(1, '9999-12-31 23:59:59.999999', " + k3 + ", 'three')"));
        txs.add(List.of("UPDATE %s.keyed SET val = 'ONE' WHERE k3 = " + k3 + " AND k1 < 0",
                "UPDATE %s.keyed SET k2 = '2000-02-29 12:00:00.5' WHERE k3 = " + k3 + " AND k1 = 1",
                "DELETE FROM %s.keyed WHERE k3 = " + k3 + " AND k2 = '0000-00-00 00:00:00'"));
        txs.add(List.of("INSERT INTO %s.uk_only VALUES ('" + node + "-ü😀', 1), ('" + node + "-plain', 2), ('"
                + node + "-gone', 3)"));
        txs.add(List.of("UPDATE %s.uk_only SET val = val + 10 WHERE u = '" + node + "-ü😀'",
                "UPDATE %s.uk_only SET u = '" + node + "-renamed' WHERE u = '" + node + "-plain'",
                "DELETE FROM %s.uk_only WHERE u = '" + node + "-gone'"));
        return txs;
    }

    private static void run(MySqlServer server, String database, List<List<String>> txs) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            // Zero dates and clipped values are stored as given, as a lenient application would.
            st.execute("SET sql_mode = '', time_zone = '+00:00', NAMES utf8mb4");
            c.setAutoCommit(false);
            for (List<String> tx : txs) {
                for (String sql : tx) {
                    st.execute(sql.replace("%s", database));
                }
                c.commit();
            }
        }
    }

    @Test
    void shouldArriveByteIdenticalOnTheOtherNodeForEveryTypeFamily() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-types", "- database: types",
                "conflictPolicy: task-failed", ACKNOWLEDGE_INVISIBLE,
                TypeMatrixSyncIT::createSchema)) {
            cluster.startRuntime();
            run(cluster.a(), "types", script("a"));
            run(cluster.b(), "types", script("b"));
            for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
                run(node, "ref", script("a"));
                run(node, "ref", script("b"));
            }
            cluster.awaitDrained(Duration.ofMinutes(1));

            for (String table : TABLES) {
                List<List<String>> onA = read(cluster.a(), "types", table);
                List<List<String>> onB = read(cluster.b(), "types", table);
                List<List<String>> reference = read(cluster.a(), "ref", table);
                assertEquals(EXPECTED_ROWS.get(table), reference.size(), table + " rows left by both scripts");
                assertSameCells(table, "b", "a", onB, onA);
                assertSameCells(table, "a", "the reference", onA, reference);
                assertEquals(reference, read(cluster.b(), "ref", table), "reference copies are the same on both");
            }
            assertFloatsExactlyEqualInServer(cluster.a());
            assertFloatsExactlyEqualInServer(cluster.b());
            List<TableDiff> diffs = cluster.verify();
            assertTrue(diffs.stream().allMatch(TableDiff::equal), SyncCluster.differences(diffs));
            assertEquals(Checksums.of(cluster.a(), "types"), Checksums.of(cluster.b(), "types"));
            StatusView s = cluster.status();
            assertEquals(0, s.conflictCount(), String.join("\n", s.render(null)));
            assertEquals(TaskState.RUNNING, s.task().state(), s.task().stateReason());
        }
    }

    /**
     * A non-strict source stores an invalid ENUM value as the empty "error" value (index 0);
     * the target must store the same, although the apply session is strict.
     */
    @Test
    void shouldCarryTheEmptyEnumValueOfANonStrictSource() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-enum", "- database: types",
                "conflictPolicy: task-failed", ACKNOWLEDGE_INVISIBLE,
                TypeMatrixSyncIT::createSchema)) {
            cluster.startRuntime();
            Map<String, String> row = new LinkedHashMap<>(TypeMatrix.nulls());
            row.put("en", "'not a label'");
            run(cluster.a(), "types", List.of(List.of(TypeMatrix.insert("%s.matrix", 1, row))));
            cluster.awaitDrained(Duration.ofSeconds(30));
            assertEquals(List.of(List.of("en=#0")), query(cluster.b(), "SELECT CONCAT(en, '#', en + 0) en FROM types.matrix"));
            assertEquals(TaskState.RUNNING, cluster.status().task().state(), cluster.status().task().stateReason());
        }
    }

    private static List<List<String>> query(MySqlServer server, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(List.of(rs.getMetaData().getColumnLabel(1) + "=" + rs.getString(1)));
            }
        }
        return rows;
    }

    private static List<List<String>> read(MySqlServer server, String database, String table) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00', NAMES utf8mb4");
            try (ResultSet rs = st.executeQuery(String.format(SELECTS.get(table), database))) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(md.getColumnLabel(i) + "=" + rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** Cell by cell, so a failure names the row and column. */
    private static void assertSameCells(String table, String actualName, String expectedName,
                                        List<List<String>> actual, List<List<String>> expected) {
        assertEquals(expected.size(), actual.size(), table + ": rows on " + actualName + " vs " + expectedName);
        List<String> mismatches = new ArrayList<>();
        for (int r = 0; r < expected.size(); r++) {
            for (int col = 0; col < expected.get(r).size(); col++) {
                String e = expected.get(r).get(col);
                String a = actual.get(r).get(col);
                if (!e.equals(a)) {
                    mismatches.add(table + " row " + expected.get(r).get(0) + ": " + abbreviate(a) + " on "
                            + actualName + ", " + abbreviate(e) + " on " + expectedName);
                }
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    private static void assertFloatsExactlyEqualInServer(MySqlServer server) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(NOT (m.f <=> r.f) OR NOT (m.d <=> r.d)) "
                     + "FROM types.matrix m JOIN ref.matrix r ON r.id = m.id")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0, "matrix rows joined on " + server.name());
            assertEquals(0, rs.getLong(2), "FLOAT/DOUBLE values differing from the natively written ones on "
                    + server.name());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }
}
