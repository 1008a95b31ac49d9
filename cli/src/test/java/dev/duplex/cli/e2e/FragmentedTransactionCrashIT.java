package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.AwsClients;
import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.cli.CliRun;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A source transaction larger than one message travels as fragments. The task is paused while
 * capture publishes all of them (so its checkpoint moves past the transaction), then resumed:
 * the first invocation applies ten fragments (Lambda's batch size) in one target transaction, and
 * {@code duplex local} is killed with SIGKILL before the next one applies the rest (ElasticMQ
 * keeps nothing). The restarted runtime must send the rest of the transaction: the position node
 * b recorded must not be past a transaction it holds only part of.
 */
class FragmentedTransactionCrashIT {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentedTransactionCrashIT.class);
    private static final String DB = "frag";
    /** About 12 MB of row images: a dozen fragments or more. */
    private static final int ROWS = 40_000;

    @TempDir
    Path dir;

    @Test
    void shouldApplyTheWholeTransactionAfterACrashBetweenItsFragments() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-frag", "- database: " + DB,
                "conflictPolicy: task-failed", c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + DB);
                        st.execute("CREATE TABLE " + DB + ".big (id INT PRIMARY KEY, pad VARCHAR(300) NOT NULL)");
                    }
                })) {
            Path config = cluster.nodes().configFile();
            Path state = cluster.stateDir();
            long seen;
            try (RuntimeProcess first = RuntimeProcess.start(config, state, dir.resolve("runtime-1.log"))) {
                first.awaitRunning(state, Duration.ofSeconds(90));
                assertEquals(0, cli("pause", config, state).exitCode());
                Thread.sleep(1_500); // the runtime sees a pause set elsewhere within a second
                insertOneTransaction(cluster, ROWS);
                BinlogPosition checkpoint = awaitCheckpointPast(state, Binlogs.end(cluster.a()));
                LOG.info("every fragment published, capture checkpoint at {}; resuming", checkpoint);
                assertEquals(0, cli("resume", config, state).exitCode());
                seen = killBetweenFragments(cluster, first);
            }
            LOG.info("killed duplex local with {} of {} rows of one transaction on node b", seen, ROWS);
            try (RuntimeProcess second = RuntimeProcess.start(config, state, dir.resolve("runtime-2.log"))) {
                second.awaitRunning(state, Duration.ofSeconds(120));
                cluster.awaitDrained(Duration.ofMinutes(3));
                long after = count(cluster, "b");
                LOG.info("after the restart node b has {} of {} rows", after, ROWS);
                assertEquals(ROWS, after, "every row of the transaction reached node b:\n" + second.output());
                Convergence.assertIdentical(cluster, DB, 1);
                second.stop(Duration.ofSeconds(60));
            }
        }
    }

    private static void insertOneTransaction(SyncCluster cluster, int rows) throws SQLException {
        try (Connection c = cluster.a().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DB + ".big VALUES (?, ?)")) {
                String pad = "p".repeat(290);
                for (int id = 1; id <= rows; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, pad);
                    ps.addBatch();
                    if (id % 5_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /**
     * Waits until capture has published the transaction's last fragment and stored its checkpoint
     * at or past {@code end} (node a's binlog end after the commit); returns that checkpoint.
     */
    private static BinlogPosition awaitCheckpointPast(Path state, BinlogPosition end) throws Exception {
        var runtime = new ObjectMapper().readTree(state.resolve("runtime.json").toFile());
        URI endpoint = URI.create(runtime.get("dynamoEndpoint").asText());
        try (DynamoDbClient db = AwsClients.dynamo(Optional.of(endpoint), Region.US_EAST_1)) {
            var checkpoints = new DynamoCheckpointStore(db, StoreTables.withPrefix("duplex-"));
            BinlogPosition[] at = {null};
            Await.until("capture's checkpoint to pass the large transaction (" + end + ")", Duration.ofSeconds(120),
                    () -> {
                        at[0] = checkpoints.load("e2e-frag", Direction.A2B).map(c -> c.position()).orElse(null);
                        return at[0] != null && at[0].compareTo(end) >= 0;
                    }, () -> "checkpoint at " + at[0]);
            return at[0];
        }
    }

    private static CliRun cli(String command, Path config, Path state) {
        return CliRun.of(command, "-c", config.toString(), "--state-dir", state.toString());
    }

    /** Kills the runtime as soon as node b holds part of the transaction; the part it holds. */
    private static long killBetweenFragments(SyncCluster cluster, RuntimeProcess runtime) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long n = count(cluster, "b");
            if (n > 0 && n < ROWS) {
                runtime.kill();
                return count(cluster, "b");
            }
            if (n == ROWS) {
                throw new AssertionError("node b applied the whole transaction before a kill could land between "
                        + "two invocations; make it larger");
            }
            Thread.sleep(5);
        }
        throw new AssertionError("node b applied nothing of the transaction within 2 minutes:\n"
                + runtime.output() + "\n" + cluster.describe());
    }

    private static long count(SyncCluster cluster, String node) throws SQLException {
        var server = "a".equals(node) ? cluster.a() : cluster.b();
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + DB + ".big")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
