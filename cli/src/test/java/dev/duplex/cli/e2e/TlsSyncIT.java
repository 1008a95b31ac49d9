package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.cli.local.StatusView;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.config.TlsMode;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestCertificates;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two MariaDB servers with certificates a test CA signs for 127.0.0.1, both nodes at
 * {@code tls: verify-identity} with {@code tlsCa} naming that CA, and an account that the servers
 * let in over TLS only (REQUIRE SSL): the embedded runtime's precheck, captures (JDBC and binlog)
 * and applies all connect, and a row written on each node arrives on the other.
 */
class TlsSyncIT {
    private static final Logger LOG = LoggerFactory.getLogger(TlsSyncIT.class);
    private static final String TASK = "e2e-tls";
    private static final String USER = "duplex_tls";
    private static final String PASSWORD = "Tls-only-Password-3";

    @TempDir
    Path dir;

    @Test
    void shouldSyncBothWaysWithBothNodesVerifyingTheServerAgainstTheirTlsCa() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        TestCertificates.Pair ca = TestCertificates.ca(certs, "duplex-e2e-ca");
        TestCertificates.Pair server = TestCertificates.signed(certs, "server", ca, "DNS:localhost", "IP:127.0.0.1");
        Map<String, String> tls = TestCertificates.serverOptions(server, ca);
        try (MySqlSandbox a = MySqlSandbox.start("a", 1, tls);
             MySqlSandbox b = MySqlSandbox.start("b", 2, tls)) {
            for (MySqlServer s : List.of(a, b)) {
                sql(s, "SET sql_log_bin = 0",
                        "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "' REQUIRE SSL",
                        "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%'",
                        "CREATE DATABASE tlsdb",
                        "CREATE TABLE tlsdb.t (id INT PRIMARY KEY, origin VARCHAR(8) NOT NULL)");
            }
            Path password = Files.writeString(dir.resolve("password"), PASSWORD);
            String document = """
                    task: %s
                    nodes:
                      a: {host: 127.0.0.1, port: %d, user: %s, password: "file:%s", tls: verify-identity, tlsCa: "file:%s"}
                      b: {host: 127.0.0.1, port: %d, user: %s, password: "file:%s", tls: verify-identity, tlsCa: "file:%s"}
                    sync:
                      types: [incremental]
                      conflictPolicy: task-failed
                    objects:
                      - database: tlsdb
                    """.formatted(TASK, a.port(), USER, password, ca.cert(), b.port(), USER, password, ca.cert());
            TaskConfig config = TaskConfigLoader.parse(document, TaskConfigLoader.Format.YAML);
            assertEquals(TlsMode.VERIFY_IDENTITY, config.a().tls());
            Clock clock = Clock.systemUTC();
            try (LocalServices services = LocalServices.start(dir.resolve("state/dynamodb"), "duplex-", config, clock);
                 LocalRuntime runtime = new LocalRuntime(config, document, services, SecretResolvers.defaults(), clock,
                         SyncCluster.TEST_TUNING)) {
                runtime.start();
                sql(a, "INSERT INTO tlsdb.t VALUES (1, 'a')");
                sql(b, "INSERT INTO tlsdb.t VALUES (2, 'b')");
                Await.until("each node's row on the other", Duration.ofSeconds(90),
                        () -> rows(a).equals(List.of("1:a", "2:b")) && rows(b).equals(List.of("1:a", "2:b")),
                        () -> describe(services, runtime, config));
                StatusView s = status(services, config);
                assertEquals(TaskState.RUNNING, s.task().state(), s.task().stateReason());
                assertEquals(0, s.conflictCount());
                for (MySqlServer node : List.of(a, b)) {
                    int connections = connectionsOf(node);
                    LOG.info("{} holds {} TLS-only connections of {}", node.name(), connections, USER);
                    assertTrue(connections >= 2, node.name() + ": the capture's binlog and JDBC connections,"
                            + " and the apply's, are the TLS-only account's");
                }
            }
        }
    }

    private static List<String> rows(MySqlServer s) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, origin FROM tlsdb.t ORDER BY id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getInt(1) + ":" + rs.getString(2));
            }
            return out;
        }
    }

    private static int connectionsOf(MySqlServer s) throws SQLException {
        try (Connection c = s.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.processlist WHERE user = ?")) {
            ps.setString(1, USER);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static StatusView status(LocalServices services, TaskConfig config) {
        var s = services.stores();
        return StatusView.read(config.task(), s.tasks(), s.status(), s.checkpoints(), s.conflicts(), 50,
                Instant.now());
    }

    private static String describe(LocalServices services, LocalRuntime runtime, TaskConfig config) {
        StringBuilder sb = new StringBuilder();
        try {
            status(services, config).render(null).forEach(l -> sb.append(l).append('\n'));
        } catch (RuntimeException e) {
            sb.append("status unavailable: ").append(e).append('\n');
        }
        runtime.captureStatus().forEach((d, st) -> sb.append("capture ").append(d.code()).append(": ")
                .append(st).append('\n'));
        return sb.toString();
    }

    private static void sql(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
