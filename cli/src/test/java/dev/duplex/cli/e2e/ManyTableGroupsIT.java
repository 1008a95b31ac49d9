package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code partitioning: table} over more tables than one heartbeat goes to (fifty): the heartbeats
 * take turns, and every group, each written once and idle since, still applies up to the end of
 * its source's binlog; the status item holds every group's mark.
 */
class ManyTableGroupsIT {
    private static final Logger LOG = LoggerFactory.getLogger(ManyTableGroupsIT.class);
    private static final String DB = "many";
    private static final String TASK = "e2e-many-groups";
    private static final int TABLES = 70;

    @TempDir
    Path dir;

    @Test
    void shouldMoveEveryIdleGroupOfSeventyTablesToTheEndOfItsSourcesBinlog() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, "- database: " + DB,
                "ddl: false\nconflictPolicy: task-failed", "partitioning: table\n", ManyTableGroupsIT::createTables)) {
            cluster.startRuntime();
            try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
                for (int t = 0; t < TABLES; t++) {
                    st.execute("INSERT INTO " + DB + ".t" + t + " VALUES (1, " + t + ")");
                }
            }
            try (Connection c = cluster.b().connect(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + DB + ".t0 VALUES (2, 0)");
            }
            TableGroupsCrashIT.awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(2), cluster::describe);

            for (int t = 0; t < TABLES; t++) {
                assertEquals(t == 0 ? 2 : 1, rows(cluster.a(), t), "t" + t + " on a");
                assertEquals(t == 0 ? 2 : 1, rows(cluster.b(), t), "t" + t + " on b");
            }
            List<String> groups = TableGroupsCrashIT.groupsApplied(cluster.b(), TASK, Direction.A2B);
            assertTrue(groups.size() >= TABLES + 1 && groups.contains("a2b." + DB + ".t69"),
                    "a group per table, each moved by heartbeats in turn: " + groups);
            DirectionStatus a2b = cluster.status().directions().get(Direction.A2B);
            LOG.info("a2b status over {} groups: applied {}, furthest behind {}", a2b.groups(),
                    a2b.lastSourcePosition(), a2b.behindGroup());
            assertTrue(a2b.groups() >= TABLES + 1, "the status holds every group's mark: " + a2b);
        }
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DB);
            for (int t = 0; t < TABLES; t++) {
                st.execute("CREATE TABLE " + DB + ".t" + t + " (id INT PRIMARY KEY, v INT NOT NULL)");
            }
        }
    }

    private static int rows(MySqlServer node, int table) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + DB + ".t" + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
