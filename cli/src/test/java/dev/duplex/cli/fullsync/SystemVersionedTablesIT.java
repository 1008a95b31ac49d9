package dev.duplex.cli.fullsync;

import static dev.duplex.cli.fullsync.FullSyncCluster.scalar;
import static dev.duplex.cli.fullsync.FullSyncCluster.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.capture.schema.SelectedTables;
import dev.duplex.cli.CliRun;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.PrecheckFailedException;
import dev.duplex.core.store.TaskState;
import dev.duplex.precheck.CheckItem;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MariaDB lists a system-versioned table ({@code WITH SYSTEM VERSIONING}) in information_schema
 * as 'SYSTEM VERSIONED', not 'BASE TABLE'. Duplex cannot synchronize one (its deletes are logged
 * as updates of the row's period), and must say so rather than pass it by: the full sync copied
 * none of its rows and called the initial load finished, and verify compared nothing of it and
 * found the nodes identical.
 */
class SystemVersionedTablesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void shouldRefuseToStartOnASystemVersionedTableRatherThanLeaveItOutOfTheCopy() throws Exception {
        sql(cluster.a, "CREATE DATABASE svs", "CREATE TABLE svs.prices (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                "INSERT INTO svs.prices VALUES (1, 10), (2, 20)", "UPDATE svs.prices SET v = 11 WHERE id = 1",
                "CREATE TABLE svs.plain (id INT PRIMARY KEY)", "INSERT INTO svs.plain VALUES (1)");
        FullSyncCluster.Task task = cluster.task("versioned-start", "conflictingTables: precheck-and-report",
                "- database: svs");
        Clock clock = Clock.systemUTC();
        try (LocalServices services = LocalServices.start(dir.resolve("start-dynamo"), "duplex-", task.config(), clock);
             LocalRuntime runtime = new LocalRuntime(task.config(), task.document(), services, SecretResolvers.defaults(),
                     clock, UnaryOperator.identity())) {
            PrecheckFailedException e = assertThrows(PrecheckFailedException.class, runtime::start);
            List<String> blocking = e.report().blocking().stream().map(CheckItem::id).toList();
            assertEquals(List.of("system-versioning.a.svs.prices"), blocking);
            assertEquals(TaskState.PRECHECK_FAILED, runtime.states().record().state());
        }
        assertEquals(0, scalar(cluster.b, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'svs'"),
                "nothing created on node b");
        // The copy's own list holds the table too: a copy that ran anyway could not pass it by.
        List<String> listed = new ArrayList<>();
        try (Connection a = cluster.a.connect()) {
            SelectedTables.list(a, task.config()).forEach(t -> listed.add(t.qualifiedName()));
        }
        assertEquals(List.of("svs.plain", "svs.prices"), listed);
    }

    @Test
    void shouldVerifyASystemVersionedTableRatherThanCallItIdentical() throws Exception {
        for (var node : List.of(cluster.a, cluster.b)) {
            sql(node, "CREATE DATABASE svv", "CREATE TABLE svv.prices (id INT PRIMARY KEY, v INT) WITH SYSTEM VERSIONING",
                    "INSERT INTO svv.prices VALUES (1, 10), (2, 20), (3, 30)");
        }
        sql(cluster.a, "UPDATE svv.prices SET v = 21 WHERE id = 2");
        sql(cluster.b, "DELETE FROM svv.prices WHERE id = 3");
        FullSyncCluster.Task task = cluster.task("versioned-verify", "", "- database: svv");

        CliRun run = CliRun.of("verify", "-c", task.file().toString(), "--json", "--no-recheck");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        JsonNode report = JSON.readTree(run.out());
        JsonNode table = null;
        for (JsonNode t : report.get("tables")) {
            if (t.get("table").asText().equals("svv.prices")) {
                table = t;
            }
        }
        assertTrue(table != null, "svv.prices is verified: " + report.toPrettyString());
        assertEquals(2, table.get("differences").asInt(), "current rows compared: " + table.toPrettyString());
    }
}
