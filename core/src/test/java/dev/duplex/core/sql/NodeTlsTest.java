package dev.duplex.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.config.DefaultSecretResolver;
import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.config.TlsMode;
import dev.duplex.core.error.FatalException;
import dev.duplex.sandbox.TestCertificates;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTlsTest {

    @TempDir
    Path dir;

    private static final SecretResolver NO_SECRETS = new DefaultSecretResolver(name -> null, ref -> {
        throw new IllegalStateException("no Secrets Manager in this test");
    });

    private static NodeConfig node(String host, TlsMode tls) {
        return new NodeConfig(host, 3306, "duplex", new SecretRef.Env("PW"), tls);
    }

    private NodeConfig withCa(Path pem, TlsMode tls) {
        return new NodeConfig("127.0.0.1", 3306, "duplex", new SecretRef.Env("PW"), tls, new SecretRef.File(pem));
    }

    @Test
    void shouldAllowPublicKeyRetrievalOnlyWithTlsDisabledOnLoopback() {
        for (TlsMode mode : TlsMode.values()) {
            for (String host : List.of("127.0.0.1", "localhost", "::1", "db.example.com", "10.1.2.3")) {
                boolean expected = mode == TlsMode.DISABLED && NodeConfig.isLoopback(host);
                NodeTls tls = new NodeTls(node(host, mode), NO_SECRETS);
                assertEquals(expected, tls.allowsPublicKeyRetrieval(), mode + " on " + host);
                assertEquals(Boolean.toString(expected), tls.jdbcProperties().get("allowPublicKeyRetrieval"),
                        mode + " on " + host);
            }
        }
    }

    @Test
    void shouldOfferTls12And13AndNeverTheClearPasswordPlugin() {
        Map<String, String> p = new NodeTls(node("db.example.com", null), NO_SECRETS).jdbcProperties();
        assertEquals("REQUIRED", p.get("sslMode"));
        assertEquals("TLSv1.3,TLSv1.2", p.get("tlsVersions"));
        assertEquals("mysql_clear_password", p.get("disabledAuthenticationPlugins"));
        assertFalse(p.containsKey("trustCertificateKeyStoreUrl"), "no tlsCa: the JVM's CAs");
    }

    @Test
    void shouldHandConnectorJAnOwnerOnlyTrustStoreWithEveryCertificateOfTheBundle() throws Exception {
        Path one = TestCertificates.ca(dir, "one").cert();
        Path two = TestCertificates.ca(dir, "two").cert();
        Path bundle = dir.resolve("bundle.pem");
        // As in Amazon's bundle: names and blank lines between the certificates.
        Files.writeString(bundle, "CA one\n" + Files.readString(one) + "\n\nCA two\r\n"
                + Files.readString(two).replace("\n", "\r\n"));
        Map<String, String> p = new NodeTls(withCa(bundle, TlsMode.VERIFY_IDENTITY), NO_SECRETS).jdbcProperties();
        assertEquals("VERIFY_IDENTITY", p.get("sslMode"));
        assertEquals("PKCS12", p.get("trustCertificateKeyStoreType"));
        Path store = Path.of(URI.create(p.get("trustCertificateKeyStoreUrl")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, p.get("trustCertificateKeyStorePassword").toCharArray());
        }
        assertEquals(2, Collections.list(ks.aliases()).size());
        assertEquals(p, new NodeTls(withCa(bundle, TlsMode.VERIFY_IDENTITY), NO_SECRETS).jdbcProperties(),
                "the same bundle is parsed and written once");
    }

    @Test
    void shouldReadTheBundleFromSecretsManagerAsPasswordsAre() throws Exception {
        String pem = Files.readString(TestCertificates.ca(dir, "in-secrets-manager").cert());
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-ca";
        List<SecretRef> asked = new ArrayList<>();
        SecretResolver secrets = new DefaultSecretResolver(name -> null, ref -> {
            asked.add(ref);
            return new SecretValue(pem);
        });
        NodeConfig node = new NodeConfig("db.example.com", 3306, "duplex", new SecretRef.Env("PW"), null,
                new SecretRef.SecretsManager(arn, null));
        Map<String, String> p = new NodeTls(node, secrets).jdbcProperties();
        assertEquals("VERIFY_IDENTITY", p.get("sslMode"), "a named CA verifies the server by default");
        assertTrue(p.containsKey("trustCertificateKeyStoreUrl"), p.toString());
        assertEquals(List.of(new SecretRef.SecretsManager(arn, null)), asked);
    }

    @Test
    void shouldRejectABadPemNamingTheReferenceAndTheFix() throws Exception {
        Path key = TestCertificates.ca(dir, "ca").key();
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        Path broken = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nTUlJQm9rZW4=\n-----END CERTIFICATE-----\n");
        for (Path pem : List.of(key, empty, broken)) {
            FatalException e = assertThrows(FatalException.class,
                    () -> new NodeTls(withCa(pem, TlsMode.VERIFY_CA), NO_SECRETS).jdbcProperties(), pem.toString());
            String m = e.getMessage();
            assertTrue(m.contains("tlsCa file:" + pem), m);
            assertTrue(m.contains("fix: point tlsCa at a PEM file of CA certificates"), m);
            assertTrue(m.contains(NodeConfig.RDS_CA_BUNDLE), m);
        }
        String keyMessage = assertThrows(FatalException.class,
                () -> new NodeTls(withCa(key, TlsMode.VERIFY_CA), NO_SECRETS).jdbcProperties()).getMessage();
        assertTrue(keyMessage.contains("holds a PRIVATE KEY block"), keyMessage);
        assertFalse(keyMessage.contains(Files.readString(key).lines().skip(1).findFirst().orElseThrow()),
                "the key is never repeated");
    }

    @Test
    void shouldFailWhenTheCaFileIsMissing() {
        Path missing = dir.resolve("missing.pem");
        FatalException e = assertThrows(FatalException.class,
                () -> new NodeTls(withCa(missing, TlsMode.VERIFY_CA), NO_SECRETS).jdbcProperties());
        assertTrue(e.getMessage().contains("cannot read tlsCa file:" + missing), e.getMessage());
    }

    @Test
    void shouldExplainAnUntrustedCertificateWithTheTlsCaFix() {
        Throwable jdbc = new SQLException("Communications link failure", "08S01",
                new SSLHandshakeException("PKIX path validation failed"));
        jdbc.getCause().initCause(new CertificateException(new CertPathValidatorException("Path does not chain")));
        FatalException e = new NodeTls(node("db.example.com", TlsMode.VERIFY_CA), NO_SECRETS).explain(jdbc)
                .orElseThrow();
        assertTrue(e.getMessage().contains("is not signed by a CA this node trusts (no tlsCa: the JVM's CAs)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("fix: set the node's tlsCa"), e.getMessage());
    }

    @Test
    void shouldExplainAHostNameMismatchWithBothDriversWordings() {
        NodeTls tls = new NodeTls(node("127.0.0.1", TlsMode.VERIFY_IDENTITY), NO_SECRETS);
        for (String cause : List.of("No subject alternative names matching IP address 127.0.0.1 found",
                "Server identity verification failed. None of the certificate's DNS or IP Subject Alternative Name"
                        + " entries matched the server hostname/IP '127.0.0.1'.")) {
            Throwable t = new SSLHandshakeException("handshake failed");
            t.initCause(new CertificateException(cause));
            String m = tls.explain(t).orElseThrow().getMessage();
            assertTrue(m.contains("does not name the host '127.0.0.1'"), m);
            assertTrue(m.contains("or use tls: verify-ca"), m);
        }
        assertTrue(tls.explain(new SQLException("Connection refused")).isEmpty(), "not every failure is TLS's");
    }
}
