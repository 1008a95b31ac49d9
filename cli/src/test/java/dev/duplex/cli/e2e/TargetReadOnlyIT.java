package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node b turns read-only while node a is written, as the old writer does in an RDS/Aurora
 * failover, with Duplex connecting to b as an account that read_only stops (no SUPER, no
 * READ_ONLY ADMIN: as on RDS). A read-only spell shorter than the retry window is ridden out:
 * the task stays RUNNING and both nodes end identical. A target left read-only beyond the window
 * stops the task, with a reason that says node b is read-only and how to fix it.
 */
class TargetReadOnlyIT {
    private static final Logger LOG = LoggerFactory.getLogger(TargetReadOnlyIT.class);
    private static final String DB = "readonly";
    /** Three of the queue's 10 s redelivery pauses: several failed receives of the same messages. */
    private static final Duration READ_ONLY = Duration.ofSeconds(30);
    /** The shortest window the config allows; also keeps the redelivery pause at the queue's 10 s. */
    private static final String SHORTEST_WINDOW = "retryWindowMinutes: 10";
    private static final String ADMIN = "dba";
    private static final String ADMIN_PASSWORD = "Dba-pass-1";

    @TempDir
    Path dir;

    @Test
    void shouldRideOutNodeBReadOnlyForHalfAMinuteWhileNodeAIsWritten() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-readonly", "- database: " + DB,
                "conflictPolicy: task-failed", SHORTEST_WINDOW, c -> Convergence.createSchema(c, DB, tables))) {
            withoutReadOnlyBypass(cluster.b());
            cluster.startRuntime();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, 51, Long.MAX_VALUE, 80);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, 52, 0, 0); // never started: b is only a target
            String readOnlyError = "";
            try {
                onA.start();
                awaitRows("traffic before b turns read-only", cluster, onA, 800);

                setReadOnly(cluster.b(), true);
                long since = System.nanoTime();
                long aBefore = onA.rows();
                LOG.info("node b read-only after {} row changes on a", aBefore);
                // The whole spell: the task must not fail at any moment of it.
                while (System.nanoTime() - since < READ_ONLY.toNanos()) {
                    StatusView s = cluster.status();
                    assertNotEquals(TaskState.FAILED, s.task().state(), "the task FAILED while node b was read-only: "
                            + s.task().stateReason());
                    String error = lastError(s, Direction.A2B);
                    if (error.contains("read-only")) {
                        readOnlyError = error;
                    }
                    Await.sleep(Duration.ofMillis(500));
                }
                assertTrue(onA.rows() > aBefore, "node a kept being written while b was read-only");
                setReadOnly(cluster.b(), false);
                LOG.info("node b writable again after {} s; a2b's last error meanwhile: {}",
                        (System.nanoTime() - since) / 1_000_000_000, readOnlyError);

                awaitRows("traffic after b is writable again", cluster, onA, onA.rows() + 500);
                onA.stop();
                onA.awaitStop(Duration.ofSeconds(10));
                long drainFrom = System.nanoTime();
                cluster.awaitDrained(Duration.ofSeconds(60));
                LOG.info("drained {} s after the last write; {} row changes on a",
                        (System.nanoTime() - drainFrom) / 1_000_000_000, onA.rows());
            } finally {
                onA.stop();
            }
            assertTrue(readOnlyError.contains("node b is read-only"),
                    "a2b met node b read-only and said so in its status: '" + readOnlyError + "'");
            Convergence.assertIdentical(cluster, DB, tables.size());
            Convergence.assertRowsAreExactlyTheWrittenOnes(cluster, DB, tables, onA, onB);
            StatusView s = cluster.status();
            LOG.info("status:\n{}", String.join("\n", s.render(null)));
            assertEquals(0, s.conflictCount(), "no conflicts: nothing applied twice");
            assertEquals(TaskState.RUNNING, s.task().state(), s.task().stateReason());
        }
    }

    /**
     * A target that stays read-only: the apply keeps retrying until the retry window is over,
     * then stops the task with the cause and the fix. The runtime's clock is moved past the
     * (10-minute) window instead of waiting it out.
     */
    @Test
    void shouldFailNamingReadOnlyNodeBOnceTheRetryWindowIsOver() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-readonly-stays", "- database: " + DB,
                "conflictPolicy: task-failed", SHORTEST_WINDOW, c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE `" + DB + "`");
                        st.execute("CREATE TABLE `" + DB + "`.t (id INT PRIMARY KEY, v VARCHAR(20))");
                    }
                })) {
            withoutReadOnlyBypass(cluster.b());
            SteppedClock clock = new SteppedClock();
            LocalServices services = LocalServices.start(cluster.stateDir().resolve("dynamodb"), "duplex-",
                    cluster.nodes().config(), clock);
            try (services; LocalRuntime runtime = new LocalRuntime(cluster.nodes().config(), cluster.nodes().document(),
                    services, SecretResolvers.defaults(), clock, SyncCluster.TEST_TUNING)) {
                runtime.start();
                insertOnA(cluster, 1);
                Await.until("row 1 on b", Duration.ofSeconds(30), () -> count(cluster.b()) == 1,
                        () -> describe(services, cluster));

                setReadOnly(cluster.b(), true);
                insertOnA(cluster, 2);
                Await.until("a2b to report node b read-only", Duration.ofSeconds(30), () -> {
                    StatusView s = status(services, cluster);
                    assertNotEquals(TaskState.FAILED, s.task().state(),
                            "the task FAILED at the first read-only error: " + s.task().stateReason());
                    return lastError(s, Direction.A2B).contains("read-only");
                }, () -> describe(services, cluster));
                Await.sleep(Duration.ofSeconds(3)); // a redelivery within the window: still RUNNING
                assertEquals(TaskState.RUNNING, status(services, cluster).task().state());

                clock.advance(Duration.ofMinutes(11));
                LOG.info("moved the runtime's clock past the retry window");
                Await.until("the task to fail once the window is over", Duration.ofSeconds(40),
                        () -> status(services, cluster).task().state() == TaskState.FAILED,
                        () -> describe(services, cluster));
                String reason = status(services, cluster).task().stateReason();
                LOG.info("FAILED: {}", reason);
                assertTrue(reason.contains("node b is read-only"), reason);
                assertTrue(reason.contains("--read-only"), "the server's own words: " + reason);
                assertTrue(reason.contains("retry window of 10 minutes"), reason);
                assertTrue(reason.contains("SET GLOBAL read_only=OFF"), "the fix: " + reason);
                assertEquals(1, count(cluster.b()), "nothing of the failed message was applied");
            } finally {
                setReadOnly(cluster.b(), false);
            }
        }
    }

    /**
     * Takes SUPER and READ_ONLY ADMIN from the task's account on b (so read_only stops its
     * writes, as on RDS, where no account has them) and creates an administrator that keeps them,
     * to set read_only. Before the runtime connects: grants are read when a session starts.
     */
    private static void withoutReadOnlyBypass(MySqlSandbox b) throws SQLException {
        try (Connection c = b.connect(); Statement st = c.createStatement()) {
            st.execute("SET sql_log_bin = 0");
            st.execute("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'");
            st.execute("GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
            st.execute(b.isMariaDb() ? "REVOKE SUPER, READ_ONLY ADMIN ON *.* FROM '" + b.user() + "'@'%'"
                    : "REVOKE SUPER, CONNECTION_ADMIN ON *.* FROM '" + b.user() + "'@'%'");
        }
    }

    private static void setReadOnly(MySqlSandbox node, boolean on) throws SQLException {
        try (Connection c = DriverManager.getConnection(node.jdbcUrl(), ADMIN, ADMIN_PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("SET GLOBAL read_only = " + (on ? "ON" : "OFF"));
        }
    }

    private static String lastError(StatusView s, Direction d) {
        DirectionStatus ds = s.directions().get(d);
        return ds == null ? "" : ds.lastError();
    }

    private static void insertOnA(SyncCluster cluster, int id) throws SQLException {
        try (Connection c = cluster.a().connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO `" + DB + "`.t VALUES (" + id + ", 'row " + id + "')");
        }
    }

    private static int count(MySqlSandbox node) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + DB + "`.t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static StatusView status(LocalServices services, SyncCluster cluster) {
        var s = services.stores();
        return StatusView.read(cluster.nodes().config().task(), s.tasks(), s.status(), s.checkpoints(),
                s.conflicts(), 50, Instant.now());
    }

    private static String describe(LocalServices services, SyncCluster cluster) {
        try {
            return String.join("\n", status(services, cluster).render(null));
        } catch (RuntimeException e) {
            return "status unavailable: " + e;
        }
    }

    private static void awaitRows(String what, SyncCluster cluster, RandomWorkload onA, long rows) {
        Await.until(what + " (a " + rows + " row changes)", Duration.ofSeconds(60), () -> {
            onA.failure().ifPresent(f -> { throw new AssertionError("workload a failed", f); });
            return onA.rows() >= rows;
        }, cluster::describe);
    }

    /** The system clock, moved forward on demand: the whole runtime sees time pass at once. */
    private static final class SteppedClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
