package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretsManagerSecrets;
import dev.duplex.cli.e2e.workload.RandomTable;
import dev.duplex.cli.e2e.workload.RandomWorkload;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.config.DefaultSecretResolver;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.sql.ApplyCheckpoints;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MotoServer;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A Secrets Manager rotation of node b's Duplex password while both nodes are written, in the
 * order AWS's rotation runs it: the server gets the new password first (setSecret), the secret
 * becomes current a few seconds later (finishSecret). Node b's Duplex connections are killed at
 * the server change, so b's capture (JDBC and binlog) and the apply to b reconnect while the
 * secret still holds the old password: they must wait for the new one within the retry window,
 * not fail the task. The secret lives in moto's Secrets Manager; the runtime is the embedded
 * default in this JVM.
 */
class SecretRotationIT {
    private static final Logger LOG = LoggerFactory.getLogger(SecretRotationIT.class);
    private static final String DB = "rotation";
    private static final String TASK = "e2e-rotation";
    private static final String SYNC_USER = "duplex_sync";
    /** Between the server's new password and the secret's: AWS's rotation lambda takes seconds here. */
    private static final Duration SECRET_LAG = Duration.ofSeconds(8);

    @TempDir
    Path dir;

    @Test
    void shouldKeepSyncingWhenNodeBsPasswordIsRotatedInSecretsManager() throws Exception {
        List<RandomTable> tables = RandomTable.all();
        try (MotoServer moto = MotoServer.start(dir.resolve("moto.log"));
             SecretsManagerClient sm = secretsManager(moto);
             MySqlSandbox a = MySqlSandbox.start("a", 1);
             MySqlSandbox b = MySqlSandbox.start("b", 2)) {
            for (MySqlServer s : List.of(a, b)) {
                try (Connection c = s.connect()) {
                    Convergence.createSchema(c, DB, tables);
                }
            }
            sql(b, "CREATE USER '" + SYNC_USER + "'@'%' IDENTIFIED BY 'first-Password-1'",
                    "GRANT ALL PRIVILEGES ON *.* TO '" + SYNC_USER + "'@'%'");
            String arn = sm.createSecret(r -> r.name("duplex/b").secretString(secret("first-Password-1"))).arn();

            Path passwordA = dir.resolve("password-a");
            Files.writeString(passwordA, a.password());
            String document = """
                    task: %s
                    nodes:
                      a: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                      b: {host: %s, port: %d, user: %s, password: "secretsmanager:%s#password", tls: disabled}
                    sync:
                      types: [incremental]
                      conflictPolicy: task-failed
                    objects:
                      - database: %s
                    """.formatted(TASK, a.host(), a.port(), a.user(), passwordA, b.host(), b.port(), SYNC_USER, arn,
                    DB);
            TaskConfig config = TaskConfigLoader.parse(document, TaskConfigLoader.Format.YAML);
            SecretResolver secrets = new DefaultSecretResolver(System::getenv,
                    new SecretsManagerSecrets(region -> secretsManager(moto)));
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.start(dir.resolve("state/dynamodb"), "duplex-", config, clock);
                 LocalRuntime runtime = new LocalRuntime(config, document, services, secrets, clock,
                         SyncCluster.TEST_TUNING)) {
                runtime.start();
                Nodes nodes = new Nodes(a, b, config, services, runtime);
                var onA = new RandomWorkload(a, "a", DB, tables, 51, Long.MAX_VALUE, 60);
                var onB = new RandomWorkload(b, "b", DB, tables, 52, Long.MAX_VALUE, 60);
                try {
                    onA.start();
                    onB.start();
                    awaitRows("traffic before the rotation", nodes, onA, 800, onB, 800);

                    // setSecret: the server has the new password; the secret still holds the old one.
                    long rotatedAt = System.nanoTime();
                    sql(b, "ALTER USER '" + SYNC_USER + "'@'%' IDENTIFIED BY 'second-Password-2'");
                    int killed = killConnectionsOf(b, SYNC_USER);
                    LOG.info("rotated {}'s password on node b and killed its {} connections after a {} and b {} rows",
                            SYNC_USER, killed, onA.rows(), onB.rows());
                    assertTrue(killed >= 2, "b's capture (JDBC and binlog) and the apply to b were connected");
                    Await.sleep(SECRET_LAG);
                    nodes.assertNotFailed("while the secret still held the old password");
                    // finishSecret: the new password becomes the secret's current version.
                    sm.putSecretValue(r -> r.secretId(arn).secretString(secret("second-Password-2")));
                    LOG.info("the secret holds the new password {} s after the server",
                            (System.nanoTime() - rotatedAt) / 1_000_000_000);

                    awaitRows("traffic after the rotation", nodes, onA, onA.rows() + 800, onB, onB.rows() + 800);
                    onA.stop();
                    onB.stop();
                    onA.awaitStop(Duration.ofSeconds(10));
                    onB.awaitStop(Duration.ofSeconds(10));
                    long drainFrom = System.nanoTime();
                    nodes.awaitDrained(Duration.ofMinutes(2));
                    LOG.info("drained {} s after the last write; a {} and b {} row changes",
                            (System.nanoTime() - drainFrom) / 1_000_000_000, onA.rows(), onB.rows());
                } finally {
                    onA.stop();
                    onB.stop();
                }
                assertTrue(connectionsOf(b, SYNC_USER) >= 2, "b's capture and the apply to b reconnected as "
                        + SYNC_USER + " with the rotated password");
                assertEquals(Checksums.of(a, DB), Checksums.of(b, DB), "CHECKSUM TABLE on a and b");
                assertRowsAreExactlyTheWrittenOnes(List.of(a, b), tables, onA, onB);
                StatusView s = nodes.status();
                LOG.info("status:\n{}", String.join("\n", s.render(null)));
                assertEquals(0, s.conflictCount(), "no conflicts: nothing applied twice");
                assertEquals(TaskState.RUNNING, s.task().state(), s.task().stateReason());
            }
        }
    }

    private static String secret(String password) {
        return "{\"username\":\"" + SYNC_USER + "\",\"password\":\"" + password + "\"}";
    }

    /** Runs statements as the sandbox's own account, kept out of the binlog (captures must not see them). */
    private static void sql(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            st.execute("SET sql_log_bin = 0");
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static List<Long> connectionIds(MySqlServer server, String user) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = server.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM information_schema.processlist WHERE user = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static int connectionsOf(MySqlServer server, String user) throws SQLException {
        return connectionIds(server, user).size();
    }

    private static int killConnectionsOf(MySqlServer server, String user) throws SQLException {
        List<Long> ids = connectionIds(server, user);
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (long id : ids) {
                try {
                    st.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // ended meanwhile
                }
            }
        }
        return ids.size();
    }

    private static void assertRowsAreExactlyTheWrittenOnes(List<MySqlServer> nodes, List<RandomTable> tables,
                                                           RandomWorkload onA, RandomWorkload onB) throws SQLException {
        Map<String, Set<String>> fromA = onA.liveKeys();
        Map<String, Set<String>> fromB = onB.liveKeys();
        for (MySqlServer node : nodes) {
            Map<String, Set<String>> actual = Convergence.keysOn(node, DB, tables);
            for (RandomTable t : tables) {
                Set<String> expected = new TreeSet<>(fromA.get(t.name()));
                expected.addAll(fromB.get(t.name()));
                assertEquals(expected, new TreeSet<>(actual.get(t.name())), t.name() + " on " + node.name());
            }
        }
    }

    private static void awaitRows(String what, Nodes nodes, RandomWorkload onA, long rowsA, RandomWorkload onB,
                                  long rowsB) {
        Await.until(what + " (a " + rowsA + ", b " + rowsB + " row changes)", Duration.ofSeconds(120), () -> {
            onA.failure().ifPresent(f -> { throw new AssertionError("workload a failed", f); });
            onB.failure().ifPresent(f -> { throw new AssertionError("workload b failed", f); });
            nodes.assertNotFailed("during " + what);
            return onA.rows() >= rowsA && onB.rows() >= rowsB;
        }, nodes::describe);
    }

    /** The two nodes and the runtime: drain, status and diagnostics as {@link SyncCluster} has them. */
    private record Nodes(MySqlServer a, MySqlServer b, TaskConfig config, LocalServices services,
                         LocalRuntime runtime) {
        StatusView status() {
            var s = services.stores();
            return StatusView.read(config.task(), s.tasks(), s.status(), s.checkpoints(), s.conflicts(), 50,
                    Instant.now());
        }

        void assertNotFailed(String when) {
            StatusView s = status();
            if (s.task().state() == TaskState.FAILED) {
                throw new AssertionError("the task FAILED " + when + ": " + s.task().stateReason() + "\n" + describe());
            }
        }

        MySqlServer node(String id) {
            return "a".equals(id) ? a : b;
        }

        void awaitDrained(Duration timeout) throws SQLException {
            Map<Direction, BinlogPosition> marks = new EnumMap<>(Direction.class);
            for (Direction d : Direction.values()) {
                marks.put(d, Binlogs.end(node(d.sourceNode())));
            }
            Await.until("both directions to apply their source up to " + marks, timeout, () -> {
                assertNotFailed("while draining");
                return marks.entrySet().stream().allMatch(e -> applied(e.getKey())
                        .map(p -> p.compareTo(e.getValue()) >= 0).orElse(false));
            }, this::describe);
        }

        Optional<BinlogPosition> applied(Direction d) {
            try (Connection c = node(d.targetNode()).connect()) {
                return ApplyCheckpoints.latest(c, config.task(), d);
            } catch (SQLException e) {
                return Optional.empty();
            }
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            try {
                status().render(null).forEach(l -> sb.append(l).append('\n'));
            } catch (RuntimeException e) {
                sb.append("status unavailable: ").append(e).append('\n');
            }
            runtime.captureStatus().forEach((d, s) -> sb.append("capture ").append(d.code()).append(": ")
                    .append(s).append('\n'));
            for (Direction d : Direction.values()) {
                sb.append(d.code()).append(": applied ").append(applied(d)).append('\n');
            }
            return sb.toString();
        }
    }

    private static SecretsManagerClient secretsManager(MotoServer moto) {
        return SecretsManagerClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }
}
