package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.duplex.sandbox.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each connection sends a server that asks for the password itself or for caching_sha2's
 * full login without TLS, as a listener an attacker put on the path would: nothing, except the
 * RSA key request with tls: disabled on loopback. Both connections, JDBC and binlog.
 */
class HostileLoginTest {
    private static final String PASSWORD = "on-the-Wire-7f3a9c";
    private static final byte[] REQUEST_PUBLIC_KEY = {0x02};
    private static SSLContext serverTls;

    private final SecretResolver secrets = new DefaultSecretResolver(Map.of("PW", PASSWORD)::get, ref -> {
        throw new IllegalStateException("no Secrets Manager in this test");
    });

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        char[] pw = "test-store".toCharArray();
        KeyStore ks = TestCertificates.keyStore(dir,
                TestCertificates.selfSigned(dir, "hostile", "127.0.0.1", "IP:127.0.0.1"), pw);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    @Test
    void shouldNotFetchTheServersRsaKeyWithoutTls() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Ask.FULL_LOGIN, null)) {
            // preferred: the loopback default, falling back to plain text as the server offers no TLS.
            NodeConfig node = node(server, TlsMode.PREFERRED);
            for (DuplexException e : List.of(jdbc(node), binlog(node))) {
                assertInstanceOf(FatalException.class, e, e::toString);
                assertTrue(e.getMessage().contains("wants the password over a connection without TLS"), e.getMessage());
                assertTrue(e.getMessage().contains("fix: enable TLS on the server"), e.getMessage());
            }
            assertAnswers(server, 2, false);
            server.answers().forEach(a -> assertEquals(0, a.length, "the client hung up instead of answering"));
        }
    }

    @Test
    void shouldFetchTheServersRsaKeyOnlyWithTlsDisabledOnLoopback() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Ask.FULL_LOGIN, null)) {
            NodeConfig node = node(server, TlsMode.DISABLED);
            assertNotNull(jdbc(node));
            assertNotNull(binlog(node));
            // NodeConnections reads the secret again after the refusal; the same password is not retried.
            assertAnswers(server, 2, false);
            server.answers().forEach(a -> assertArrayEquals(REQUEST_PUBLIC_KEY, a, "asked for the key"));
        }
    }

    @Test
    void shouldNeverSendTheClearPasswordWithoutTls() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Ask.CLEAR_PASSWORD, null)) {
            for (TlsMode mode : new TlsMode[] {TlsMode.PREFERRED, TlsMode.DISABLED}) {
                NodeConfig node = node(server, mode);
                for (DuplexException e : List.of(jdbc(node), binlog(node))) {
                    assertTrue(e.getMessage().contains("mysql_clear_password"), e.getMessage());
                }
            }
            assertAnswers(server, 4, false);
        }
    }

    @Test
    void shouldNeverSendTheClearPasswordOverTlsEither() throws Exception {
        try (HostileServer server = new HostileServer(HostileServer.Ask.CLEAR_PASSWORD, serverTls)) {
            // required trusts any certificate: exactly the on-path attacker's chance.
            NodeConfig node = node(server, TlsMode.REQUIRED);
            for (DuplexException e : List.of(jdbc(node), binlog(node))) {
                assertInstanceOf(FatalException.class, e, e::toString);
                assertTrue(e.getMessage().contains("asked for the password in clear (mysql_clear_password), which"
                        + " Duplex never sends"), e.getMessage());
            }
            assertAnswers(server, 2, true);
        }
    }

    /** {@code n} logins reached the request, over TLS or not, and none sent the password. */
    private static void assertAnswers(HostileServer server, int n, boolean overTls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.answers().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, server.answers().size(), "logins that reached the server's request");
        server.overTls().forEach(tls -> assertEquals(overTls, tls, "login over TLS"));
        for (byte[] answer : server.answers()) {
            assertFalse(new String(answer, StandardCharsets.ISO_8859_1).contains(PASSWORD), "the password was sent");
        }
    }

    private static NodeConfig node(HostileServer server, TlsMode mode) {
        return new NodeConfig("127.0.0.1", server.port(), "duplex", new SecretRef.Env("PW"), mode);
    }

    private DuplexException jdbc(NodeConfig node) {
        try (Connection c = new NodeConnections(node, secrets).open()) {
            throw new AssertionError("connected to the hostile server: " + c);
        } catch (DuplexException e) {
            return e;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private DuplexException binlog(NodeConfig node) throws InterruptedException {
        BlockingQueue<ReaderItem> items = new ArrayBlockingQueue<>(10);
        BinlogReader reader = new BinlogReader(new ReaderSettings(node.host(), node.port(), node.user(), PASSWORD,
                new NodeTls(node, secrets), 77, new BinlogPosition("mysql-bin.000001", 4), Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofSeconds(10)), items, "hostile-login");
        reader.start();
        try {
            ReaderItem item = items.poll(30, TimeUnit.SECONDS);
            assertInstanceOf(ReaderItem.Failure.class, item, "the binlog login against the hostile server");
            return ((ReaderItem.Failure) item).error();
        } finally {
            reader.stop();
            reader.awaitStop(Duration.ofSeconds(10));
        }
    }
}
