package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.assertProblem;
import static dev.duplex.core.config.ConfigTestSupport.problems;
import static dev.duplex.core.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The nodes' tls default by host and the tlsCa setting, as the configuration reader takes them. */
class NodeTlsConfigTest {

    private static final String NODE_A =
            "a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:DUPLEX_A_PASSWORD, tls: preferred}";
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-ca";

    private static NodeConfig nodeA(String yamlNode) {
        return ConfigTestSupport.parse(valid(NODE_A, yamlNode)).a();
    }

    private static NodeConfig node(String host) {
        return new NodeConfig(host, 3306, "duplex", new SecretRef.Env("PW"), null);
    }

    @Test
    void shouldDefaultToRequiredOffTheMachineAndPreferredOnLoopback() {
        for (String host : List.of("db.example.com", "10.0.0.5", "192.168.1.20", "2001:db8::1", "128.0.0.1",
                "127.example.com", "localhost.example.com", "1.127.0.0")) {
            assertEquals(TlsMode.REQUIRED, node(host).tls(), host);
        }
        for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.254", "::1",
                "[::1]", "0:0:0:0:0:0:0:1")) {
            assertEquals(TlsMode.PREFERRED, node(host).tls(), host);
        }
    }

    @Test
    void shouldReadTheDefaultFromTheConfigurationByHost() {
        assertEquals(TlsMode.REQUIRED,
                nodeA("a: {host: db-a.internal, user: duplex, password: env:DUPLEX_A_PASSWORD}").tls());
        assertEquals(TlsMode.PREFERRED,
                nodeA("a: {host: localhost, user: duplex, password: env:DUPLEX_A_PASSWORD}").tls());
        assertEquals(TlsMode.DISABLED,
                nodeA("a: {host: db-a.internal, user: duplex, password: env:DUPLEX_A_PASSWORD, tls: disabled}").tls(),
                "a written mode stays as written");
    }

    @Test
    void shouldKeepTheFiveArgumentConstructorTrustingTheJvmCas() {
        NodeConfig n = new NodeConfig("db", 3306, "duplex", new SecretRef.Env("PW"), TlsMode.VERIFY_IDENTITY);
        assertNull(n.tlsCa());
        assertEquals(TlsMode.VERIFY_IDENTITY, n.tls());
    }

    @Test
    void shouldReadTlsCaFromAFileOrSecretsManagerAndVerifyIdentityByDefault() {
        NodeConfig f = nodeA("a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD,"
                + " tlsCa: \"file:/etc/duplex/global-bundle.pem\"}");
        assertEquals(new SecretRef.File(Path.of("/etc/duplex/global-bundle.pem")), f.tlsCa());
        assertEquals(TlsMode.VERIFY_IDENTITY, f.tls(), "a named CA means the server is to be verified");
        NodeConfig sm = nodeA("a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD, tls: verify-ca,"
                + " tlsCa: \"secretsmanager:" + ARN + "\"}");
        assertEquals(new SecretRef.SecretsManager(ARN, null), sm.tlsCa());
        assertEquals(TlsMode.VERIFY_CA, sm.tls());
        assertFalse(sm.toString().contains("BEGIN"), "a NodeConfig holds references only");
    }

    @Test
    void shouldRejectTlsCaWithAModeThatIgnoresIt() {
        ConfigProblem p = assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex,"
                + " password: env:DUPLEX_A_PASSWORD, tls: required, tlsCa: \"file:/ca.pem\"}"), "nodes.a.tlsCa",
                "tls: required does not check");
        assertTrue(p.fix().contains("verify-identity"), p.fix());
        assertThrows(IllegalArgumentException.class, () -> new NodeConfig("db", 3306, "duplex",
                new SecretRef.Env("PW"), TlsMode.PREFERRED, new SecretRef.File(Path.of("/ca.pem"))));
    }

    @Test
    void shouldRejectTlsCaThatIsNotAFileOrSecretsManagerReference() {
        ConfigProblem env = assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex,"
                + " password: env:DUPLEX_A_PASSWORD, tlsCa: env:CA}"), "nodes.a.tlsCa", "environment variable");
        assertTrue(env.fix().contains("file:/path/bundle.pem") && env.fix().contains("secretsmanager:ARN"), env.fix());
        assertTrue(env.fix().contains("global-bundle.pem"), "the fix names Amazon's RDS bundle: " + env.fix());
        assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD,"
                + " tlsCa: /etc/ca.pem}"), "nodes.a.tlsCa", "must be a file: or secretsmanager: reference");
        assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD,"
                + " tlsCa: \"-----BEGIN CERTIFICATE-----MIIB\"}"), "nodes.a.tlsCa", "holds a certificate");
        assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD,"
                + " tlsCa: \"secretsmanager:rds-ca\"}"), "nodes.a.tlsCa", "invalid tlsCa reference");
        assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD,"
                + " tlsCa: 42}"), "nodes.a.tlsCa", "must be a file: or secretsmanager: reference");
    }

    @Test
    void shouldListEveryTlsProblemOfBothNodesAtOnce() {
        String yaml = valid(NODE_A, "a: {host: db-a, user: duplex, password: env:DUPLEX_A_PASSWORD, tls: verify-full,"
                + " tlsCa: env:CA}")
                .replace("password: env:DUPLEX_B_PASSWORD}",
                        "password: env:DUPLEX_B_PASSWORD, tls: disabled, tlsCa: \"file:/ca.pem\"}");
        List<ConfigProblem> problems = problems(yaml);
        assertProblem(problems, "nodes.a.tls", "unknown tls 'verify-full'");
        assertProblem(problems, "nodes.a.tlsCa", "environment variable");
        assertProblem(problems, "nodes.b.tlsCa", "tls: disabled does not check");
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void shouldSuggestTlsCaForTheUsualOtherSpellings() {
        for (String key : List.of("sslCa", "ssl-ca", "ca")) {
            ConfigProblem p = assertOnlyProblem(valid(NODE_A, "a: {host: db-a, user: duplex,"
                    + " password: env:DUPLEX_A_PASSWORD, " + key + ": \"file:/ca.pem\"}"), "nodes.a." + key,
                    "unknown key");
            assertTrue(p.fix().contains("tlsCa"), p.fix());
        }
    }
}
