package dev.duplex.cli.e2e;

import static dev.duplex.cli.e2e.DdlShapes.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB keeps a UNIQUE key on a TEXT or BLOB column (a long unique key) with a hidden column,
 * DB_ROW_HASH_1, which the binlog's rows carry and information_schema does not list. Each node
 * computes its own, so it is not synchronized: rows of such tables, with a primary key and
 * without one (the unique key then identifies rows), flow both ways and the task stays RUNNING.
 */
class LongUniqueKeysIT {
    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE lu");
            st.execute("CREATE TABLE lu.pages (id INT PRIMARY KEY, url TEXT, title VARCHAR(40), UNIQUE (url))");
            st.execute("CREATE TABLE lu.blobs (body BLOB NOT NULL, n INT, UNIQUE (body))");
        }
    }

    @Test
    void shouldSyncRowsOfTablesWithALongUniqueKeyBothWays() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-long-unique", "- database: lu", "conflictPolicy: task-failed",
                LongUniqueKeysIT::createSchema)) {
            cluster.startRuntime();
            exec(cluster.a(), "INSERT INTO lu.pages VALUES (1, 'https://a/1', 'one'), (2, 'https://a/2', 'two')",
                    "INSERT INTO lu.blobs VALUES ('alpha', 1), ('beta', 2)",
                    "UPDATE lu.pages SET url = 'https://a/1b', title = 'one b' WHERE id = 1",
                    "UPDATE lu.blobs SET n = 10 WHERE body = 'alpha'", "DELETE FROM lu.pages WHERE id = 2",
                    "DELETE FROM lu.blobs WHERE body = 'beta'");
            exec(cluster.b(), "INSERT INTO lu.pages VALUES (3, 'https://b/3', 'three')",
                    "INSERT INTO lu.blobs VALUES ('gamma', 3)");
            cluster.awaitDrained(Duration.ofSeconds(60));
            exec(cluster.b(), "UPDATE lu.pages SET title = 'three b' WHERE id = 3", "DELETE FROM lu.blobs WHERE n = 3");
            cluster.awaitDrained(Duration.ofSeconds(60));

            assertEquals(TaskState.RUNNING, cluster.status().task().state(), cluster.describe());
            Convergence.assertIdentical(cluster, "lu", 2);
            for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
                assertEquals("1|https://a/1b|one b;3|https://b/3|three b",
                        rows(node, "SELECT id, url, title FROM lu.pages ORDER BY id"), node.name());
                assertEquals("alpha|10", rows(node, "SELECT body, n FROM lu.blobs ORDER BY n"), node.name());
            }
        }
    }

    /** The rows of {@code query}, columns joined by '|', rows by ';'. */
    private static String rows(MySqlServer node, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cells.add(rs.getString(i));
                }
                out.add(String.join("|", cells));
            }
        }
        return String.join(";", out);
    }
}
