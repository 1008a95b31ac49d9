package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward DDL whose outcome depends on node a's session: the statement's time, its time zone,
 * its sql_mode and its character set. Each ALTER fills rows that exist already (some written on
 * a, some on b), so b must run it in a's session to end with the same rows. Node a's time is
 * pinned to a past instant with SET TIMESTAMP: b's clock cannot produce it by chance.
 */
class DdlSessionIT {
    private static final Logger LOG = LoggerFactory.getLogger(DdlSessionIT.class);
    private static final String DB = "ddlsession";
    /** 2020-09-13 12:26:40.123456 UTC: long before the test runs. */
    private static final String A_TIMESTAMP = "1600000000.123456";

    @TempDir
    Path dir;

    @Test
    void shouldLeaveEveryRowIdenticalWhenForwardDdlDependsOnNodeASession() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-ddl-session", "- database: " + DB,
                "conflictPolicy: task-failed", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE `" + DB + "` CHARACTER SET utf8mb4");
                        st.execute("CREATE TABLE `" + DB + "`.t (id INT PRIMARY KEY, v VARCHAR(10)) CHARACTER SET utf8mb4");
                    }
                })) {
            cluster.startRuntime();
            insert(cluster.a(), 1, 4);
            insert(cluster.b(), 5, 8);
            cluster.awaitDrained(Duration.ofSeconds(60));

            try (Connection a = cluster.a().connect(); Statement st = a.createStatement()) {
                st.execute("USE `" + DB + "`");
                st.execute("SET TIMESTAMP = " + A_TIMESTAMP);
                st.execute("ALTER TABLE t ADD COLUMN c DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)");
                st.execute("SET TIMESTAMP = DEFAULT");
                st.execute("SET time_zone = '+05:00'");
                st.execute("ALTER TABLE t ADD COLUMN d TIMESTAMP NULL DEFAULT '2024-01-01 12:00:00'");
                st.execute("SET time_zone = DEFAULT");
                st.execute("SET sql_mode = ''");
                st.execute("ALTER TABLE t MODIFY v VARCHAR(5)"); // truncates 'abcdefghij' to 'abcde', with warnings
            }
            try (Connection a = latin1(cluster.a()); Statement st = a.createStatement()) {
                st.execute("ALTER TABLE `" + DB + "`.t ADD COLUMN e VARCHAR(10) NOT NULL DEFAULT 'café'");
            }
            cluster.awaitDrained(Duration.ofSeconds(60));

            List<String> onA = rows(cluster.a());
            LOG.info("rows on a:\n{}", String.join("\n", onA));
            assertEquals("1 abcde 2020-09-13 12:26:40.123456 2024-01-01 07:00:00 café", onA.get(0),
                    "node a's own outcome: a's time, the literal read in +05:00, truncated, latin1 decoded");
            assertEquals(onA, rows(cluster.b()), "every row identical on a and b");
            assertEquals(createTable(cluster.a()), createTable(cluster.b()), "SHOW CREATE TABLE on a and b");
            assertNotEquals(TaskState.FAILED, cluster.status().task().state(), cluster.status().task().stateReason());
        }
    }

    private static void insert(MySqlServer node, int from, int to) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (int id = from; id <= to; id++) {
                st.executeUpdate("INSERT INTO `" + DB + "`.t VALUES (" + id + ", 'abcdefghij')");
            }
        }
    }

    /** A connection that sends its statements in latin1 (character_set_client = latin1), as an old client does. */
    private static Connection latin1(MySqlServer node) throws SQLException {
        Connection c = DriverManager.getConnection(node.jdbcUrl() + (node.jdbcUrl().contains("?") ? "&" : "?")
                + "characterEncoding=Cp1252", node.user(), node.password());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@character_set_client")) {
            rs.next();
            assertEquals("latin1", rs.getString(1), "the test's latin1 client");
        }
        return c;
    }

    /** Every row, every column, as text read in UTC. */
    private static List<String> rows(MySqlServer node) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = st.executeQuery("SELECT * FROM `" + DB + "`.t ORDER BY id")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        cells.add(rs.getString(i));
                    }
                    out.add(String.join(" ", cells));
                }
            }
        }
        return out;
    }

    private static String createTable(MySqlServer node) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute("SET time_zone = '+00:00'");
            try (ResultSet rs = st.executeQuery("SHOW CREATE TABLE `" + DB + "`.t")) {
                rs.next();
                return rs.getString(2);
            }
        }
    }
}
