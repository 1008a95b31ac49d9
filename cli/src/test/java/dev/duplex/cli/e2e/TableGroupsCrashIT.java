package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.sql.CheckpointKey;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code partitioning: table}: each table's rows travel in a message group of their own, so a
 * transaction over several tables is split into parts. Both nodes are written in multi-table
 * transactions while the captures' binlog connections are killed (each capture resumes from its
 * checkpoint, which holds every group's last accepted seq) and while {@code duplex local} is killed
 * with SIGKILL (ElasticMQ loses what was queued; the captures rewind to the group furthest behind
 * on each target). One table is written only at the start and stays idle through all of it. Every
 * part must be applied exactly once (a doubled insert or delete is a conflict, and the task is
 * task-failed), no group may stop on a hole that is not there, and the nodes must converge.
 */
class TableGroupsCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(TableGroupsCrashIT.class);
    private static final String DB = "grp";
    private static final String TASK = "e2e-groups";

    @TempDir
    Path dir;

    @Test
    void shouldApplyEveryPartOnceThroughCaptureRestartsAndARuntimeCrash() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, "- database: " + DB,
                "ddl: false\nconflictPolicy: task-failed", "partitioning: table\n", c -> {
                    Convergence.createSchema(c, DB, tables);
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE TABLE " + DB + ".idle (id INT PRIMARY KEY, v INT NOT NULL)");
                    }
                })) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, 41, Long.MAX_VALUE, 80);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, 42, Long.MAX_VALUE, 80);
            try {
                try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                    first.awaitRunning(state, Duration.ofSeconds(90));
                    NodeSql.run(cluster.a(), "INSERT INTO " + DB + ".idle VALUES (1, 1), (3, 3), (5, 5)");
                    onA.start();
                    onB.start();
                    RuntimeCrashIT.awaitRows("traffic before the first capture restart", cluster, onA, onB, 1_000, first::output);
                    killBinlogReaders(cluster.a());
                    RuntimeCrashIT.awaitRows("traffic after it", cluster, onA, onB, onA.rows() + 800, first::output);
                    killBinlogReaders(cluster.a());
                    killBinlogReaders(cluster.b());
                    RuntimeCrashIT.awaitRows("traffic after the second", cluster, onA, onB, onA.rows() + 800, first::output);
                    first.kill();
                    LOG.info("killed duplex local after a {} and b {} row changes", onA.rows(), onB.rows());
                }
                RuntimeCrashIT.awaitRows("traffic while the runtime is down", cluster, onA, onB, onA.rows() + 500, () -> "");
                try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                    second.awaitRunning(state, Duration.ofSeconds(120));
                    RuntimeCrashIT.awaitRows("traffic after the restart", cluster, onA, onB, onA.rows() + 800, second::output);
                    killBinlogReaders(cluster.a());
                    RuntimeCrashIT.awaitRows("traffic after the last capture restart", cluster, onA, onB, onA.rows() + 500,
                            second::output);
                    onA.stop();
                    onB.stop();
                    onA.awaitStop(Duration.ofSeconds(10));
                    onB.awaitStop(Duration.ofSeconds(10));
                    awaitEveryGroupDrained(cluster, TASK, Duration.ofMinutes(3), second::output);
                    LOG.info("converged after a {} and b {} row changes ({} and {} transactions)", onA.rows(),
                            onB.rows(), onA.transactions(), onB.transactions());

                    Convergence.assertIdentical(cluster, DB, tables.size() + 1);
                    Convergence.assertRowsAreExactlyTheWrittenOnes(cluster, DB, tables, onA, onB);
                    CliRun shown = CliRun.of("status", "-c", config.toString(), "--state-dir", state.toString(),
                            "--sample-ms", "200");
                    assertTrue(shown.out().contains("task " + TASK + ": RUNNING"), shown.out() + shown.err());
                    List<String> groups = groupsApplied(cluster.b(), TASK, Direction.A2B);
                    LOG.info("node b applied a2b in {} groups: {}", groups.size(), groups);
                    assertTrue(groups.contains("a2b.grp.idle") && groups.contains("a2b.grp.t01_int")
                            && groups.size() >= tables.size() + 1, "one group per table: " + groups);
                    second.stop(Duration.ofSeconds(60));
                }
            } finally {
                onA.stop();
                onB.stop();
            }
        }
    }

    /**
     * A table's group whose first message was queued but not applied when {@code duplex local} was
     * killed has no apply checkpoint, while the default group (a heartbeat every second) and the
     * other tables' groups applied past that message. The restarted runtime resumed each capture
     * from the group furthest behind among those that applied something: after the row, which the
     * lost queue held alone, so it never reached node b, and nothing said so. Node b's trigger
     * refuses the table's inserts as a deadlock (retried: the message stays queued) until the kill.
     */
    @Test
    void shouldSendAgainAfterACrashTheRowsOfAGroupThatHadAppliedNothing() throws Exception {
        String db = "held";
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-unapplied", "- database: " + db,
                "ddl: false\nconflictPolicy: task-failed", "partitioning: table\n", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + db);
                        st.execute("CREATE TABLE " + db + ".late (id INT PRIMARY KEY, v INT NOT NULL)");
                        st.execute("CREATE TABLE " + db + ".busy (id INT PRIMARY KEY, v INT NOT NULL)");
                    }
                })) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                first.awaitRunning(state, Duration.ofSeconds(90));
                NodeSql.runUnlogged(cluster.b(), "CREATE TRIGGER " + db + ".late_held BEFORE INSERT ON " + db + ".late"
                        + " FOR EACH ROW SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213,"
                        + " MESSAGE_TEXT = 'held by the test'");
                NodeSql.run(cluster.a(), "INSERT INTO " + db + ".late VALUES (1, 1)");
                BinlogPosition afterLate = Binlogs.end(cluster.a());
                NodeSql.run(cluster.a(), "INSERT INTO " + db + ".busy VALUES (1, 1)");
                Await.until("node b to apply every other group past the late table's row", Duration.ofSeconds(60),
                        () -> NodeSql.count(cluster.b(), db + ".busy") == 1
                                && groupsApplied(cluster.b(), "e2e-unapplied", Direction.A2B).contains("a2b")
                                && furthestBehind(cluster.b(), "e2e-unapplied").compareTo(afterLate) > 0,
                        first::output);
                Await.sleep(Duration.ofSeconds(2)); // the capture checkpoint (stored every 200 ms) passes it too
                assertEquals(0, NodeSql.count(cluster.b(), db + ".late"));
                try (Connection c = cluster.b().connect()) {
                    assertEquals(Seq.ZERO, ApplyCheckpoints.read(c, new CheckpointKey("e2e-unapplied", Direction.A2B,
                            "a2b.held.late")).map(ApplyCheckpoints.Applied::seq).orElse(Seq.ZERO),
                            "the late table's group applied nothing");
                }
                first.kill();
            }
            NodeSql.runUnlogged(cluster.b(), "DROP TRIGGER " + db + ".late_held");
            try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                second.awaitRunning(state, Duration.ofSeconds(120));
                Await.until("the late table's row on node b after the restart", Duration.ofSeconds(60),
                        () -> NodeSql.count(cluster.b(), db + ".late") == 1, second::output);
                // Sent again from before the busy table's row too, which its group drops: the task runs on.
                NodeSql.run(cluster.a(), "INSERT INTO " + db + ".busy VALUES (2, 2)");
                Await.until("a later row on node b", Duration.ofSeconds(60),
                        () -> NodeSql.count(cluster.b(), db + ".busy") == 2, second::output);
                second.stop(Duration.ofSeconds(60));
            }
        }
    }


    /** Where the group furthest behind among those that applied something stands (node b, a2b). */
    private static BinlogPosition furthestBehind(MySqlServer node, String task) throws SQLException {
        try (Connection c = node.connect()) {
            return ApplyCheckpoints.earliestResumePoint(c, task, Direction.A2B).orElseThrow().position();
        }
    }


    /**
     * Ends the capture's binlog connection on {@code node}, once it has one (it reconnects after
     * the last kill with a back-off): the capture reads again from its checkpoint.
     */
    static void killBinlogReaders(MySqlServer node) {
        List<Long> ids = new ArrayList<>();
        Await.until("a capture reading node " + node.name() + "'s binlog", Duration.ofSeconds(60), () -> {
            ids.addAll(binlogReaders(node));
            return !ids.isEmpty();
        }, () -> "no Binlog Dump thread on node " + node.name());
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (long id : ids) {
                st.execute("KILL " + id);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot kill node " + node.name() + "'s binlog readers " + ids, e);
        }
        LOG.info("killed {} binlog reader(s) on node {}", ids.size(), node.name());
    }

    private static List<Long> binlogReaders(MySqlServer node) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                     + " WHERE COMMAND LIKE 'Binlog Dump%'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /**
     * Waits until every group of each direction applied its source's binlog up to where it ends now
     * (an idle group moves with the heartbeats every group gets), and the task did not fail.
     */
    static void awaitEveryGroupDrained(SyncCluster cluster, String task, Duration timeout, Supplier<String> output)
            throws SQLException {
        Map<Direction, BinlogPosition> marks = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            marks.put(d, Binlogs.end(cluster.source(d)));
        }
        Await.until("every group of both directions to apply up to " + marks, timeout, () -> {
            for (Direction d : Direction.values()) {
                try (Connection c = cluster.target(d).connect()) {
                    Optional<ResumePoint> behind = ApplyCheckpoints.earliestResumePoint(c, task, d);
                    if (behind.isEmpty() || behind.get().position().compareTo(marks.get(d)) < 0) {
                        return false;
                    }
                }
            }
            return true;
        }, () -> cluster.describe() + "\n" + output.get());
    }

    static List<String> groupsApplied(MySqlServer node, String task, Direction d) throws SQLException {
        List<String> groups = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT grp FROM duplex.apply_checkpoint WHERE task = '" + task
                     + "' AND direction = '" + d.code() + "' ORDER BY grp")) {
            while (rs.next()) {
                groups.add(rs.getString(1));
            }
        }
        return groups;
    }

}
