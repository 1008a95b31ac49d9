package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.AwsClients;
import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoConflictLog;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.cli.CliRun;
import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.DuplexSchema;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code duplex local} killed with SIGKILL while both nodes are written: ElasticMQ loses every
 * queued message and DynamoDB Local its last writes. Restarted on the same state directory, the
 * runtime resumes each capture from what its target last applied and converges with nothing
 * lost and nothing applied twice (a doubled insert or delete would be a conflict, and the task
 * is task-failed).
 */
class RuntimeCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCrashIT.class);
    private static final String DB = "crash";

    @TempDir
    Path dir;

    @Test
    void shouldConvergeWithNothingLostOrDoubledAfterTheRuntimeIsKilledDuringTraffic() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-crash", "- database: " + DB,
                "conflictPolicy: task-failed", c -> Convergence.createSchema(c, DB, tables))) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            var onA = new RandomWorkload(cluster.a(), "a", DB, tables, 31, Long.MAX_VALUE, 80);
            var onB = new RandomWorkload(cluster.b(), "b", DB, tables, 32, Long.MAX_VALUE, 80);
            try {
                try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                    first.awaitRunning(state, Duration.ofSeconds(90));
                    onA.start();
                    onB.start();
                    awaitRows("traffic applied both ways before the crash", cluster, onA, onB, 2_000,
                            first::output);
                    Await.until("both targets to have applied something", Duration.ofSeconds(30),
                            () -> cluster.appliedPosition(Direction.A2B).isPresent()
                                    && cluster.appliedPosition(Direction.B2A).isPresent(), first::output);
                    first.kill();
                    LOG.info("killed duplex local after a {} and b {} row changes", onA.rows(), onB.rows());
                }
                awaitRows("traffic while the runtime is down", cluster, onA, onB, onA.rows() + 1_000, () -> "");
                try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                    second.awaitRunning(state, Duration.ofSeconds(120));
                    // Evidence that the crash lost queued messages: a capture had to rewind to the applied position.
                    LOG.info("restarted; captures rewound past lost queued batches: {}",
                            second.output().lines().filter(l -> l.contains("rewound")).toList());
                    awaitRows("traffic after the restart", cluster, onA, onB, onA.rows() + 1_000, second::output);
                    onA.stop();
                    onB.stop();
                    onA.awaitStop(Duration.ofSeconds(10));
                    onB.awaitStop(Duration.ofSeconds(10));
                    cluster.awaitDrained(Duration.ofMinutes(2));
                    LOG.info("converged after a {} and b {} row changes ({} and {} transactions)", onA.rows(),
                            onB.rows(), onA.transactions(), onB.transactions());

                    Convergence.assertIdentical(cluster, DB, tables.size());
                    Convergence.assertRowsAreExactlyTheWrittenOnes(cluster, DB, tables, onA, onB);
                    CliRun shown = CliRun.of("status", "-c", config.toString(), "--state-dir", state.toString(),
                            "--sample-ms", "200");
                    assertEquals(0, shown.exitCode(), shown.out() + shown.err());
                    assertTrue(shown.out().contains("task e2e-crash: RUNNING"), shown.out());
                    assertFalse(shown.out().contains("recent conflicts"), "no conflict recorded:\n" + shown.out());
                    StatusView counters = statusOf(state);
                    LOG.info("rows applied a2b {} of {} written on a, b2a {} of {} written on b", counters.rowsApplied(
                            Direction.A2B), onA.rows(), counters.rowsApplied(Direction.B2A), onB.rows());
                    // The killed process may not have reported its last second; it never counts a row twice.
                    assertTrue(counters.rowsApplied(Direction.A2B) <= onA.rows(), "a2b counted twice");
                    assertTrue(counters.rowsApplied(Direction.B2A) <= onB.rows(), "b2a counted twice");

                    second.stop(Duration.ofSeconds(60)); // SIGTERM: the JVM exits with 143 after the clean stop
                    assertTrue(second.output().contains("duplex: stopping"), second.output());
                    assertFalse(Files.exists(state.resolve("runtime.json")), "a clean stop removes runtime.json");
                }
            } finally {
                onA.stop();
                onB.stop();
            }
        }
    }

    /**
     * The first thing the forward capture sends after the initial load never applies on node b (a
     * trigger there refuses every apply checkpoint as a deadlock, so the message stays queued and
     * nothing at all of a2b is applied), and {@code duplex local} is killed: ElasticMQ loses the
     * message and the capture's checkpoint is past it. The restart has no applied position to
     * rewind to; it must resume where the first transaction it sent begins. (Resumed from its
     * checkpoint instead, the apply finds the hole and fails the task, loudly but for nothing.)
     */
    @Test
    void shouldSendAgainAfterACrashWhatWasSentBeforeTheTargetAppliedAnything() throws Exception {
        String db = "first";
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-first", "- database: " + db,
                "types: [full, incremental]\nconflictPolicy: task-failed", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + db);
                        st.execute("CREATE TABLE " + db + ".t (id INT PRIMARY KEY, v INT NOT NULL)");
                    }
                })) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            try (Connection c = cluster.b().connect(); Statement st = c.createStatement()) {
                st.execute("SET SESSION sql_log_bin = 0");
                DuplexSchema.create(st);
            }
            String refuse = " ON duplex.apply_checkpoint FOR EACH ROW SIGNAL SQLSTATE '40001'"
                    + " SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'held by the test'";
            NodeSql.runUnlogged(cluster.b(), "CREATE TRIGGER duplex.held_insert BEFORE INSERT" + refuse,
                    "CREATE TRIGGER duplex.held_update BEFORE UPDATE" + refuse);
            try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                first.awaitRunning(state, Duration.ofSeconds(90));
                Await.until("the initial load to end", Duration.ofSeconds(60),
                        () -> first.output().contains("finished its initial load"), first::output);
                NodeSql.run(cluster.a(), "INSERT INTO " + db + ".t VALUES (1, 1)");
                Await.until("the apply to be refused on node b", Duration.ofSeconds(60),
                        () -> first.output().contains("held by the test"), first::output);
                Await.sleep(Duration.ofSeconds(2)); // the capture checkpoint (stored every 200 ms) passes the row
                assertTrue(cluster.appliedPosition(Direction.A2B).isEmpty(), "node b applied nothing of a2b");
                assertEquals(0, NodeSql.count(cluster.b(), db + ".t"));
                first.kill();
            }
            NodeSql.runUnlogged(cluster.b(), "DROP TRIGGER duplex.held_insert", "DROP TRIGGER duplex.held_update");
            try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                second.awaitRunning(state, Duration.ofSeconds(120));
                Await.until("the row on node b after the restart", Duration.ofSeconds(60),
                        () -> NodeSql.count(cluster.b(), db + ".t") == 1, second::output);
                NodeSql.run(cluster.a(), "INSERT INTO " + db + ".t VALUES (2, 2)");
                Await.until("a later row on node b", Duration.ofSeconds(60),
                        () -> NodeSql.count(cluster.b(), db + ".t") == 2, second::output);
                second.stop(Duration.ofSeconds(60));
            }
        }
    }

    /** Reads the status from the running child's DynamoDB Local, found through runtime.json. */
    private static StatusView statusOf(Path state) throws IOException {
        var info = new ObjectMapper().readTree(state.resolve("runtime.json").toFile());
        URI endpoint = URI.create(info.get("dynamoEndpoint").asText());
        try (DynamoDbClient db = AwsClients.dynamo(Optional.of(endpoint), Region.US_EAST_1)) {
            StoreTables tables = StoreTables.withPrefix("duplex-");
            return StatusView.read("e2e-crash", new DynamoTaskStore(db, tables, Clock.systemUTC()),
                    new DynamoStatusStore(db, tables), new DynamoCheckpointStore(db, tables),
                    new DynamoConflictLog(db, tables), 10, Instant.now());
        }
    }

    /** Waits until both workloads committed {@code rows} row changes, failing with either's failure. */
    static void awaitRows(String what, SyncCluster cluster, RandomWorkload onA, RandomWorkload onB,
                                  long rows, Supplier<String> output) {
        Await.until(what + " (" + rows + " row changes on each node)", Duration.ofSeconds(90), () -> {
            onA.failure().ifPresent(f -> { throw new AssertionError("workload a failed", f); });
            onB.failure().ifPresent(f -> { throw new AssertionError("workload b failed", f); });
            return onA.rows() >= rows && onB.rows() >= rows;
        }, () -> cluster.describe() + "\n" + output.get());
    }
}
