package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DDL under {@code partitioning: table}: a statement travels in the default group and is a barrier
 * between the groups (every group applies what came before it, then the statement, then what
 * came after). A TRUNCATE right after a backlog of its table's rows, still queued in that table's
 * group, must not apply before them: those rows would stay on node b only.
 */
class TableGroupsDdlIT {
    private static final Logger LOG = LoggerFactory.getLogger(TableGroupsDdlIT.class);
    private static final String DB = "grpddl";
    private static final String TASK = "e2e-groups-ddl";

    @TempDir
    Path dir;

    @Test
    void shouldApplyEachDdlStatementAfterEveryGroupsEarlierRowsAndBeforeTheirLaterOnes() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, "- database: " + DB,
                "ddl: true\nconflictPolicy: task-failed", "partitioning: table\n", TableGroupsDdlIT::createTables)) {
            cluster.startRuntime();

            backlog(cluster.a(), 1);
            sql(cluster.a(), "TRUNCATE TABLE " + DB + ".big");
            sql(cluster.a(), "INSERT INTO " + DB + ".big VALUES (1, 1), (2, 2), (3, 3)");
            TableGroupsCrashIT.awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(2), cluster::describe);
            assertEquals(3, rows(cluster.b(), "big"), "rows written before the TRUNCATE applied after it on node b");

            // A row lock on node b holds big's group back, so the statement waits; the capture
            // restarts meanwhile, reads the statement again and waits again.
            try (Connection lock = cluster.b().connect(); Statement st = lock.createStatement()) {
                lock.setAutoCommit(false);
                st.executeQuery("SELECT v FROM " + DB + ".big WHERE id = 1 FOR UPDATE").close();
                truncateBehindAHeldRow(cluster.a());
                Thread.sleep(3_000);
                assertTrue(rows(cluster.b(), "big") >= 3, "node b truncated while big's group was held");
                TableGroupsCrashIT.killBinlogReaders(cluster.a());
                Thread.sleep(2_000);
                assertTrue(rows(cluster.b(), "big") >= 3, "node b truncated while big's group was held");
                lock.rollback();
            }
            TableGroupsCrashIT.awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(2), cluster::describe);
            assertEquals(2, rows(cluster.b(), "big"), "after a capture restart during the barrier");

            // A column added, then rows that use it; a table renamed, then rows in its new name's group.
            sql(cluster.a(), "INSERT INTO " + DB + ".t2 VALUES (1, 1), (2, 2)");
            sql(cluster.a(), "ALTER TABLE " + DB + ".t2 ADD COLUMN w INT NOT NULL DEFAULT 7");
            sql(cluster.a(), "INSERT INTO " + DB + ".t2 VALUES (3, 3, 8)");
            sql(cluster.a(), "INSERT INTO " + DB + ".t3 VALUES (1, 1)");
            sql(cluster.a(), "RENAME TABLE " + DB + ".t3 TO " + DB + ".t3_old");
            sql(cluster.a(), "INSERT INTO " + DB + ".t3_old VALUES (2, 2)");
            TableGroupsCrashIT.awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(2), cluster::describe);
            sql(cluster.b(), "INSERT INTO " + DB + ".t2 VALUES (4, 4, 9)"); // node b has the column now
            TableGroupsCrashIT.awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(2), cluster::describe);

            assertEquals(showCreate(cluster.a(), "t2"), showCreate(cluster.b(), "t2"));
            assertEquals(showCreate(cluster.a(), "t3_old"), showCreate(cluster.b(), "t3_old"));
            assertEquals(4, rows(cluster.b(), "t2"));
            assertEquals(2, rows(cluster.b(), "t3_old"));
            Convergence.assertIdentical(cluster, DB, 3);
            LOG.info("every DDL statement applied between the groups' rows: {}", cluster.describe());
        }
    }

    /**
     * {@code duplex local} killed with SIGKILL while the capture holds a TRUNCATE at its barrier
     * (node b's row lock holds big's group back): ElasticMQ loses what was queued, the restart
     * rewinds to the group furthest behind, reads the statement again and must still apply it
     * after big's earlier rows and before its later ones.
     */
    @Test
    void shouldKeepTheBarrierWhenTheRuntimeIsKilledWhileTheStatementWaits() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, "- database: " + DB,
                "ddl: true\nconflictPolicy: task-failed", "partitioning: table\n", TableGroupsDdlIT::createTables)) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                first.awaitRunning(state, Duration.ofSeconds(90));
                sql(cluster.a(), "INSERT INTO " + DB + ".big VALUES (1, 1), (2, 2), (3, 3)");
                Await.until("big's first rows on node b", Duration.ofSeconds(60), () -> rows(cluster.b(), "big") == 3,
                        first::output);
                try (Connection lock = cluster.b().connect(); Statement st = lock.createStatement()) {
                    lock.setAutoCommit(false);
                    st.executeQuery("SELECT v FROM " + DB + ".big WHERE id = 1 FOR UPDATE").close();
                    truncateBehindAHeldRow(cluster.a());
                    // The apply's UPDATE waits for the lock on node b, so the TRUNCATE after it waits at its
                    // barrier. Applied early, it would leave at most 2 rows (or hold the count behind the
                    // lock, which fails the count).
                    Await.until("the apply of big's UPDATE to wait for the lock on node b", Duration.ofSeconds(60),
                            () -> lockWaits(cluster.b()) > 0, first::output);
                    Await.sleep(Duration.ofSeconds(2));
                    assertTrue(rows(cluster.b(), "big") >= 3, "node b truncated while big's group was held");
                    first.kill();
                    lock.rollback();
                }
            }
            try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                second.awaitRunning(state, Duration.ofSeconds(120));
                TableGroupsCrashIT.awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(2), second::output);
                assertEquals(2, rows(cluster.b(), "big"), "after a runtime crash during the barrier");
                Convergence.assertIdentical(cluster, DB, 3);
                second.stop(Duration.ofSeconds(60));
            }
        }
    }

    /**
     * Big's backlog, an UPDATE of row 1 (which node b's lock holds), the TRUNCATE, then two rows:
     * once right, node b holds just those two.
     */
    private static void truncateBehindAHeldRow(MySqlServer a) throws SQLException {
        backlog(a, 2);
        sql(a, "UPDATE " + DB + ".big SET v = v + 10 WHERE id = 1");
        sql(a, "TRUNCATE TABLE " + DB + ".big");
        sql(a, "INSERT INTO " + DB + ".big VALUES (4, 4), (5, 5)");
    }

    /** 10,000 rows of big in 20 transactions, the ids of {@code round}: a backlog in big's group. */
    private static void backlog(MySqlServer node, int round) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (int tx = 0; tx < 20; tx++) {
                StringBuilder insert = new StringBuilder("INSERT INTO " + DB + ".big VALUES ");
                for (int r = 0; r < 500; r++) {
                    long id = round * 1_000_000L + tx * 500L + r + 100;
                    insert.append(r == 0 ? "" : ", ").append('(').append(id).append(", ").append(r).append(')');
                }
                st.execute(insert.toString());
            }
        }
    }

    private static void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DB);
            for (String t : new String[] {"big", "t2", "t3"}) {
                st.execute("CREATE TABLE " + DB + "." + t + " (id BIGINT PRIMARY KEY, v INT NOT NULL)");
            }
        }
    }

    private static void sql(MySqlServer node, String statement) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    /**
     * Counts without waiting long for a metadata lock: a TRUNCATE applied while the test holds a
     * row lock waits behind it, and the count behind the TRUNCATE, which must fail the test, not hang it.
     */
    private static int rows(MySqlServer node, String table) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION lock_wait_timeout = 10");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + DB + "." + table)) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int lockWaits(MySqlServer node) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_TRX"
                     + " WHERE trx_state = 'LOCK WAIT'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String showCreate(MySqlServer node, String table) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + DB + "." + table)) {
            rs.next();
            return rs.getString(2);
        }
    }
}
