package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.EventType;
import dev.duplex.core.config.DefaultSecretResolver;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TlsMode;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.core.sql.NodeTls;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.TestCertificates;
import dev.duplex.sandbox.TestCertificates.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Both connections to a node, JDBC (NodeConnections) and binlog (BinlogReader reading a row
 * event), against a real MariaDB serving certificates the test makes: a CA and a server
 * certificate it signs for localhost and 127.0.0.1, a second unrelated CA, a certificate the CA
 * signs for another name only, and a self-signed one. The server swaps certificates with FLUSH SSL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsMatrixIT {
    private static final Logger LOG = LoggerFactory.getLogger(TlsMatrixIT.class);
    private static final Set<String> MODERN = Set.of("TLSv1.2", "TLSv1.3");

    private Pair ca;
    private Pair otherCa;
    private Pair server;
    private Pair otherName;
    private Pair selfSigned;
    private Pair live;
    private MySqlSandbox db;
    private SecretResolver secrets;
    private int readers;

    /** What one connection came to: the TLS version it negotiated, or why it failed. */
    private record Outcome(String tlsVersion, DuplexException failure) {
        String connected(String what) {
            if (failure != null) {
                throw new AssertionError(what + " failed: " + failure.getMessage(), failure);
            }
            assertTrue(MODERN.contains(tlsVersion), what + " negotiated " + tlsVersion);
            LOG.info("{}: {}", what, tlsVersion);
            return tlsVersion;
        }

        String refused(String what) {
            assertNull(tlsVersion, what + " connected with " + tlsVersion);
            assertInstanceOf(FatalException.class, failure, what + ": " + failure);
            LOG.info("{}: {}", what, failure.getMessage());
            return failure.getMessage();
        }
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        ca = TestCertificates.ca(dir, "duplex-test-ca");
        otherCa = TestCertificates.ca(dir, "unrelated-ca");
        server = TestCertificates.signed(dir, "server", ca, "DNS:localhost", "IP:127.0.0.1");
        otherName = TestCertificates.signed(dir, "other-name", ca, "DNS:db.other.test");
        selfSigned = TestCertificates.selfSigned(dir, "self-signed", "127.0.0.1", "IP:127.0.0.1");
        live = new Pair(dir.resolve("live-cert.pem"), dir.resolve("live-key.pem"));
        copy(server, live);
        Map<String, String> options = new HashMap<>(TestCertificates.serverOptions(live, ca));
        // status_by_thread shows the binlog connection's TLS version, which only the server sees.
        options.put("performance-schema", "ON");
        db = MySqlSandbox.start("tls", 1, options);
        secrets = resolverFor(db);
        sql("CREATE DATABASE tls", "CREATE TABLE tls.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
    }

    @AfterAll
    void stop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void shouldConnectBothWaysWithTheRightCaOverTls12Or13() throws Exception {
        serve(server);
        for (TlsMode mode : new TlsMode[] {TlsMode.VERIFY_CA, TlsMode.VERIFY_IDENTITY}) {
            NodeConfig node = node("127.0.0.1", mode, ca);
            String jdbc = jdbc(node).connected("JDBC under " + mode);
            String binlog = binlog(node).connected("binlog under " + mode);
            // Both offer 1.2 and 1.3 (the binlog library alone pinned 1.2): the server picks the same for both.
            assertEquals(jdbc, binlog, "the binlog connection negotiates what the JDBC one does under " + mode);
        }
        jdbc(node("localhost", TlsMode.VERIFY_IDENTITY, ca)).connected("JDBC to localhost");
        binlog(node("localhost", TlsMode.VERIFY_IDENTITY, ca)).connected("binlog to localhost");
    }

    /** Every other case negotiates TLS 1.3: a server that offers 1.2 alone must still be reached on both connections. */
    @Test
    void shouldSpeakTls12ToAServerThatOffersNothingNewer() throws Exception {
        serve(server);
        Map<String, String> options = new HashMap<>(TestCertificates.serverOptions(live, ca));
        options.put("performance-schema", "ON");
        options.put("tls-version", "TLSv1.2");
        MySqlSandbox main = db;
        SecretResolver mainSecrets = secrets;
        try (MySqlSandbox tls12 = MySqlSandbox.start("tls12", 1, options)) {
            db = tls12;
            secrets = resolverFor(tls12);
            sql("CREATE DATABASE tls", "CREATE TABLE tls.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))");
            NodeConfig node = node("127.0.0.1", TlsMode.VERIFY_IDENTITY, ca);
            assertEquals("TLSv1.2", jdbc(node).connected("JDBC to a server offering TLS 1.2 alone"));
            assertEquals("TLSv1.2", binlog(node).connected("binlog to a server offering TLS 1.2 alone"));
        } finally {
            db = main;
            secrets = mainSecrets;
        }
    }

    @Test
    void shouldRefuseAServerSignedByAnotherCaNamingTlsCaAsTheFix() throws Exception {
        serve(server);
        for (TlsMode mode : new TlsMode[] {TlsMode.VERIFY_CA, TlsMode.VERIFY_IDENTITY}) {
            NodeConfig node = node("127.0.0.1", mode, otherCa);
            for (Outcome o : new Outcome[] {jdbc(node), binlog(node)}) {
                String m = o.refused("wrong CA under " + mode);
                assertTrue(m.contains("is not signed by a CA this node trusts (tlsCa file:" + otherCa.cert()), m);
                assertTrue(m.contains("fix: set the node's tlsCa"), m);
            }
        }
    }

    @Test
    void shouldRefuseASelfSignedServerUnderVerifyCaButEncryptUnderRequired() throws Exception {
        serve(selfSigned);
        for (Pair trusted : new Pair[] {ca, null}) {
            NodeConfig node = node("127.0.0.1", TlsMode.VERIFY_CA, trusted);
            String what = "self-signed under verify-ca with " + (trusted == null ? "the JVM's CAs" : "tlsCa");
            assertTrue(jdbc(node).refused("JDBC, " + what).contains("fix: set the node's tlsCa"));
            assertTrue(binlog(node).refused("binlog, " + what).contains("fix: set the node's tlsCa"));
        }
        NodeConfig required = node("127.0.0.1", TlsMode.REQUIRED, null);
        jdbc(required).connected("JDBC under required");
        binlog(required).connected("binlog under required");
    }

    @Test
    void shouldCheckTheHostNameUnderVerifyIdentityOnBothConnections() throws Exception {
        serve(otherName);
        NodeConfig caOnly = node("127.0.0.1", TlsMode.VERIFY_CA, ca);
        jdbc(caOnly).connected("JDBC under verify-ca, certificate for another name");
        binlog(caOnly).connected("binlog under verify-ca, certificate for another name");
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            NodeConfig identity = node(host, TlsMode.VERIFY_IDENTITY, ca);
            for (Outcome o : new Outcome[] {jdbc(identity), binlog(identity)}) {
                String m = o.refused("certificate for db.other.test under verify-identity to " + host);
                assertTrue(m.contains("does not name the host '" + host + "'"), m);
            }
        }
    }

    private static SecretResolver resolverFor(MySqlSandbox server) {
        return new DefaultSecretResolver(Map.of("PW", server.password())::get, ref -> {
            throw new IllegalStateException("no Secrets Manager in this test");
        });
    }

    private NodeConfig node(String host, TlsMode mode, Pair trusted) {
        SecretRef tlsCa = trusted == null ? null : new SecretRef.File(trusted.cert());
        return new NodeConfig(host, db.port(), db.user(), new SecretRef.Env("PW"), mode, tlsCa);
    }

    private Outcome jdbc(NodeConfig node) throws SQLException {
        try (Connection c = new NodeConnections(node, secrets).open(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'Ssl_version'")) {
            assertTrue(rs.next());
            return new Outcome(rs.getString(2), null);
        } catch (DuplexException e) {
            return new Outcome(null, e);
        }
    }

    /** Streams from the binlog's end until the row this inserts arrives; meanwhile asks the server its TLS. */
    private Outcome binlog(NodeConfig node) throws Exception {
        BinlogPosition from = end();
        BlockingQueue<ReaderItem> items = new ArrayBlockingQueue<>(1000);
        ReaderSettings settings = new ReaderSettings(node.host(), node.port(), node.user(), db.password(),
                new NodeTls(node, secrets), 9000 + ++readers, from, Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofSeconds(10));
        BinlogReader reader = new BinlogReader(settings, items, "tls-matrix-" + readers);
        reader.start();
        try {
            sql("INSERT INTO tls.t (v) VALUES ('row')");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                ReaderItem item = items.poll(200, TimeUnit.MILLISECONDS);
                if (item instanceof ReaderItem.Failure f) {
                    return new Outcome(null, f.error());
                }
                assertTrue(!(item instanceof ReaderItem.Ended), "the reader ended by itself");
                if (item instanceof ReaderItem.Received r && EventType.isWrite(r.event().getHeader().getEventType())) {
                    return new Outcome(binlogTlsVersion(), null);
                }
            }
            throw new AssertionError("no row event within 60 s");
        } finally {
            reader.stop();
            assertTrue(reader.awaitStop(Duration.ofSeconds(10)), "reader stopped");
        }
    }

    private String binlogTlsVersion() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT s.VARIABLE_VALUE FROM performance_schema.status_by_thread s"
                        + " JOIN performance_schema.threads t USING (THREAD_ID)"
                        + " WHERE s.VARIABLE_NAME = 'Ssl_version' AND t.PROCESSLIST_COMMAND LIKE 'Binlog Dump%'"
                        // The newest: the server may not have noticed yet that an earlier reader went.
                        + " ORDER BY t.PROCESSLIST_ID DESC LIMIT 1")) {
            assertTrue(rs.next(), "the server lists the binlog connection");
            String version = rs.getString(1);
            assertNotNull(version);
            return version;
        }
    }

    private BinlogPosition end() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            assertTrue(rs.next(), "binlog on");
            return new BinlogPosition(rs.getString(1), rs.getLong(2));
        }
    }

    /** The server presents {@code cert} to connections from now on. */
    private void serve(Pair cert) throws Exception {
        copy(cert, live);
        sql("FLUSH SSL");
    }

    private static void copy(Pair from, Pair to) throws Exception {
        Files.copy(from.cert(), to.cert(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(from.key(), to.key(), StandardCopyOption.REPLACE_EXISTING);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
