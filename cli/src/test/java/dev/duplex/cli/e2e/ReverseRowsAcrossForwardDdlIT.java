package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A routine migration on a live two-way pair: node a runs a loop of ALTERs (ADD NOT NULL columns
 * without default, ADD with default, DROP, RENAME COLUMN, CHANGE) while node b inserts and updates
 * continuously. The rows b commits in the old shape reach a after a changed; they must apply by
 * column name against a's definition, so the task stays RUNNING and both nodes end identical.
 */
class ReverseRowsAcrossForwardDdlIT {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseRowsAcrossForwardDdlIT.class);
    private static final String DB = "mig";
    private static final int ALTERS = 14;
    private static final Duration BETWEEN_ALTERS = Duration.ofMillis(1200);

    @TempDir
    Path dir;

    @Test
    void shouldStayRunningAndConvergeWhileBWritesThroughALoopOfAltersOnA() throws Exception {
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        LOG.info("seed {} (rerun with -Dduplex.seed={})", seed, seed);
        Random random = new Random(seed);
        try (SyncCluster cluster = SyncCluster.start(dir, "mig", "- database: " + DB, "conflictPolicy: task-failed",
                ReverseRowsAcrossForwardDdlIT::createSchema)) {
            cluster.startRuntime();
            MigrationWriter writer = new MigrationWriter(cluster.b(), DB, new Random(random.nextLong()));
            StateWatch watch = new StateWatch(cluster);
            writer.start();
            try {
                Await.sleep(Duration.ofSeconds(1));
                runAlters(cluster.a(), new Random(random.nextLong()), watch);
                Await.sleep(Duration.ofSeconds(2));
            } finally {
                writer.stop();
            }
            watch.check();
            assertTrue(writer.statements() > 200, "b wrote throughout: " + writer.statements() + " statements");
            cluster.awaitDrained(Duration.ofSeconds(40));
            watch.check();
            LOG.info("b wrote {} statements ({} inserts) during {} ALTERs on a", writer.statements(),
                    writer.inserts(), ALTERS);
            assertEquals(showCreate(cluster.a()), showCreate(cluster.b()), "SHOW CREATE TABLE on a and b");
            List<String> onA = rows(cluster.a());
            List<String> onB = rows(cluster.b());
            assertEquals(onA.size(), onB.size(), "row counts on a and b");
            for (int i = 0; i < onA.size(); i++) {
                assertEquals(onA.get(i), onB.get(i), "row " + i + " on a and b (seed " + seed + ")");
            }
            assertEquals(TaskState.RUNNING, cluster.status().task().state(), cluster.describe());
        }
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DB);
            st.execute("CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, v INT NOT NULL,"
                    + " c1 INT NOT NULL DEFAULT 0, c2 VARCHAR(20) NULL, c3 INT NOT NULL DEFAULT 0)");
            StringBuilder rows = new StringBuilder();
            for (int id = 1; id <= 200; id++) {
                rows.append(rows.isEmpty() ? "" : ",").append("(").append(id).append(",").append(id * 3)
                        .append(",").append(id % 7).append(",'s").append(id).append("',").append(id % 5).append(")");
            }
            st.execute("INSERT INTO " + DB + ".items VALUES " + rows);
        }
    }

    /**
     * ALTERs that cycle through the kinds; names are never reused (reusing a name while rows of
     * the old shape are in flight is a documented limit). Columns dropped or renamed are picked at
     * random among the ones the loop and the schema made, never id or v.
     */
    private static void runAlters(MySqlServer a, Random random, StateWatch watch) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("c1", "INT NOT NULL DEFAULT 0");
        columns.put("c2", "VARCHAR(20) NULL");
        columns.put("c3", "INT NOT NULL DEFAULT 0");
        try (Connection c = a.connect(); Statement st = c.createStatement()) {
            int first = Integer.getInteger("duplex.firstAlter", 0); // which kind the loop starts with
            for (int i = first; i < first + ALTERS; i++) {
                String table = "ALTER TABLE " + DB + ".items ";
                String sql = switch (i % 7) {
                    case 0 -> table + add(columns, "n" + i, "INT NOT NULL");
                    case 1 -> table + add(columns, "d" + i, "INT NOT NULL DEFAULT 7");
                    case 2 -> table + "DROP COLUMN " + remove(columns, random).getKey();
                    case 3 -> table + add(columns, "s" + i, "VARCHAR(20) NOT NULL");
                    case 4 -> table + rename(columns, random, "r" + i, false);
                    case 5 -> table + add(columns, "e" + i, "ENUM('x','y') NOT NULL");
                    default -> table + rename(columns, random, "h" + i, true);
                };
                LOG.info("on a: {}", sql);
                st.execute(sql);
                long until = System.nanoTime() + BETWEEN_ALTERS.toNanos();
                while (System.nanoTime() < until) {
                    watch.check();
                    Await.sleep(Duration.ofMillis(200));
                }
            }
        }
    }

    private static String add(Map<String, String> columns, String name, String type) {
        columns.put(name, type);
        return "ADD COLUMN " + name + " " + type;
    }

    private static Map.Entry<String, String> remove(Map<String, String> columns, Random random) {
        String name = new ArrayList<>(columns.keySet()).get(random.nextInt(columns.size()));
        return Map.entry(name, columns.remove(name));
    }

    /** RENAME COLUMN, or CHANGE with the column's unchanged definition. */
    private static String rename(Map<String, String> columns, Random random, String to, boolean change) {
        Map.Entry<String, String> from = remove(columns, random);
        columns.put(to, from.getValue());
        return change ? "CHANGE COLUMN " + from.getKey() + " " + to + " " + from.getValue()
                : "RENAME COLUMN " + from.getKey() + " TO " + to;
    }

    private static String showCreate(MySqlServer node) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + DB + ".items")) {
            rs.next();
            return rs.getString(2);
        }
    }

    private static List<String> rows(MySqlServer node) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM " + DB + ".items ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.append(i == 1 ? "" : ", ").append(md.getColumnName(i)).append('=').append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    /** Fails the test as soon as the task leaves RUNNING, with its reason. */
    private static final class StateWatch {
        private final SyncCluster cluster;
        private final AtomicReference<String> failure = new AtomicReference<>();

        StateWatch(SyncCluster cluster) {
            this.cluster = cluster;
        }

        void check() {
            StatusView s = cluster.status();
            if (s.task().state() != TaskState.RUNNING) {
                failure.compareAndSet(null, s.task().state() + ": " + s.task().stateReason());
            }
            if (failure.get() != null) {
                throw new AssertionError("the task left RUNNING: " + failure.get() + "\n" + cluster.describe());
            }
        }
    }
}
