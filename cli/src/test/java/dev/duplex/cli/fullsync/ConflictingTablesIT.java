package dev.duplex.cli.fullsync;

import static dev.duplex.cli.fullsync.FullSyncCluster.rows;
import static dev.duplex.cli.fullsync.FullSyncCluster.scalar;
import static dev.duplex.cli.fullsync.FullSyncCluster.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.schema.SchemaSync;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.PrecheckFailedException;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.store.TaskState;
import dev.duplex.precheck.CheckItem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's two conflicting-table modes with schema and full sync, when node b already has
 * a table of the same name holding rows with some of node a's keys but other values.
 */
class ConflictingTablesIT {
    @TempDir
    static Path dir;
    private static FullSyncCluster cluster;

    @BeforeAll
    static void start() {
        cluster = FullSyncCluster.start(dir.resolve("cluster"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** node a: db.items 1..200 'a-N'; node b: db.items 1..5 'b-N' and 1000 'only-b'. */
    private static void conflictingItems(String db) throws Exception {
        String table = "CREATE TABLE " + db + ".items (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)";
        StringBuilder values = new StringBuilder();
        for (int id = 1; id <= 200; id++) {
            values.append(id == 1 ? "" : ",").append("(").append(id).append(", 'a-").append(id).append("')");
        }
        sql(cluster.a, "CREATE DATABASE " + db, table, "INSERT INTO " + db + ".items VALUES " + values,
                "CREATE TABLE " + db + ".fresh (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO " + db + ".fresh VALUES (1, 'x'), (2, 'y')");
        sql(cluster.b, "CREATE DATABASE " + db, table, "INSERT INTO " + db + ".items VALUES (1, 'b-1'), (2, 'b-2'), "
                + "(3, 'b-3'), (4, 'b-4'), (5, 'b-5'), (1000, 'only-b')");
    }

    @Test
    void shouldRefuseToStartWhenTheTargetTableExistsUnderPrecheckAndReport() throws Exception {
        conflictingItems("report");
        FullSyncCluster.Task task = cluster.task("report-it", "conflictingTables: precheck-and-report",
                "- database: report");
        Clock clock = Clock.systemUTC();
        try (LocalServices services = LocalServices.start(dir.resolve("report-dynamo"), "duplex-", task.config(), clock);
             LocalRuntime runtime = new LocalRuntime(task.config(), task.document(), services, SecretResolvers.defaults(),
                     clock, UnaryOperator.identity())) {
            PrecheckFailedException e = assertThrows(PrecheckFailedException.class, runtime::start);
            List<String> blocking = e.report().blocking().stream().map(CheckItem::id).toList();
            assertTrue(blocking.contains("conflicting-tables.b.report.items"), blocking.toString());
            assertEquals(TaskState.PRECHECK_FAILED, runtime.states().record().state());
        }
        // Schema sync refuses on its own too, before creating anything.
        SchemaSync schema = new SchemaSync(task.config(), new NodeConnections(task.config().a(),
                SecretResolvers.defaults())::open, new NodeConnections(task.config().b(), SecretResolvers.defaults())::open);
        List<Boolean> started = new ArrayList<>();
        FatalException refused = assertThrows(FatalException.class, () -> schema.run(false, () -> started.add(true)));
        assertTrue(refused.getMessage().contains("report.items"), refused.getMessage());
        assertEquals(List.of(), started);
        assertEquals(0, scalar(cluster.b, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'report' "
                + "AND TABLE_NAME = 'fresh'"), "nothing created");
        assertEquals(List.of("1|b-1", "2|b-2", "3|b-3", "4|b-4", "5|b-5", "1000|only-b"),
                rows(cluster.b, "SELECT id, v FROM report.items ORDER BY id"), "node b untouched");
    }

    @Test
    void shouldKeepNodeBsRowsDuringFullSyncAndOverwriteOnlyWhatChangesOnAAfterTheStart() throws Exception {
        conflictingItems("proceed");
        FullSyncCluster.Task task = cluster.task("proceed-it", "conflictingTables: ignore-and-proceed\n"
                + "conflictPolicy: task-failed", "- database: proceed");
        Clock clock = Clock.systemUTC();
        try (LocalServices services = LocalServices.start(dir.resolve("proceed-dynamo"), "duplex-", task.config(), clock);
             LocalRuntime runtime = new LocalRuntime(task.config(), task.document(), services, SecretResolvers.defaults(),
                     clock, UnaryOperator.identity())) {
            runtime.start();
            // After the start position: replayed with catch-up (or, after the copy, as an ordinary update).
            sql(cluster.a, "UPDATE proceed.items SET v = 'a-3-changed' WHERE id = 3");
            Waits.until(() -> runtime.states().record().state() == TaskState.RUNNING, Duration.ofSeconds(120),
                    "the full sync to finish");
            Waits.until(() -> rows(cluster.b, "SELECT v FROM proceed.items WHERE id = 3").equals(List.of("a-3-changed")),
                    Duration.ofSeconds(60), "the change made on a after the start to arrive");
            List<String> expected = new ArrayList<>(List.of("1|b-1", "2|b-2", "3|a-3-changed", "4|b-4", "5|b-5"));
            for (int id = 6; id <= 200; id++) {
                expected.add(id + "|a-" + id);
            }
            expected.add("1000|only-b");
            assertEquals(expected, rows(cluster.b, "SELECT id, v FROM proceed.items ORDER BY id"),
                    "node b's rows are kept; only the row changed on a after the start is overwritten");
            assertEquals(List.of("1|x", "2|y"), rows(cluster.b, "SELECT id, v FROM proceed.fresh ORDER BY id"),
                    "a table node b lacked is created and copied");
            // Catch-up replays are not conflicts (issue #18): none is in the log, whatever the catch-up met.
            assertEquals(List.of(), services.stores().conflicts().recent(task.config().task(), 10),
                    "no conflict under task-failed");
            assertEquals(TaskState.RUNNING, runtime.states().record().state());
        }
    }
}
