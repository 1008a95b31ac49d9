package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code nodes}: exactly a and b, each a server address, account, TLS mode and CA bundle. */
final class NodesReader {

    private static final String PASSWORD_FIX =
            "store it in an environment variable and write password: env:NAME (or file:/path, or secretsmanager:ARN)";
    private static final String TLS_CA_FIX = "write tlsCa: file:/path/bundle.pem or tlsCa: secretsmanager:ARN,"
            + " naming a PEM bundle of the CAs that sign the server's certificate (for RDS and Aurora, Amazon's "
            + NodeConfig.RDS_CA_BUNDLE + ")";
    private static final String TLS_CA_HINT = "did you mean 'tlsCa'? (file:/path/bundle.pem or secretsmanager:ARN)";
    private static final Map<String, String> NODE_HINTS = Map.of(
            "database", "nodes name servers only; choose databases under objects",
            "schema", "nodes name servers only; choose databases under objects",
            "username", "did you mean 'user'?",
            "ssl", "did you mean 'tls'? (disabled, preferred, required, verify-ca, verify-identity)",
            "ca", TLS_CA_HINT, "sslCa", TLS_CA_HINT, "ssl-ca", TLS_CA_HINT, "ssl_ca", TLS_CA_HINT,
            "tls-ca", TLS_CA_HINT, "tls_ca", TLS_CA_HINT);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private NodesReader() {}

    /** The two nodes, either null if it has problems. */
    static NodeConfig[] read(JsonNode nodes, Problems problems) {
        Section s = Section.open(nodes, "nodes", problems,
                Map.of("c", "a two-way task has exactly two nodes, a and b"), "a", "b");
        NodeConfig a = node(s, "a");
        NodeConfig b = node(s, "b");
        if (a != null && b != null && sameServer(a, b)) {
            problems.add("nodes.b", "node b is the same server as node a (" + a.address() + ")",
                    "two-way synchronization needs two servers; change the host or port of node b");
        }
        return new NodeConfig[] {a, b};
    }

    private static NodeConfig node(Section nodes, String id) {
        if (!nodes.isValid()) {
            return null;
        }
        if (!nodes.has(id)) {
            nodes.problems().add(nodes.path(id), "node " + id + " is missing",
                    "add nodes." + id + " with host, port, user and password");
            return null;
        }
        Problems problems = nodes.problems();
        int before = problems.size();
        Section s = Section.open(nodes.get(id), nodes.path(id), problems, NODE_HINTS,
                "host", "port", "user", "password", "tls", "tlsCa");
        String host = s.requiredString("host", "write the server's address, e.g. host: 127.0.0.1");
        if (host != null && host.isBlank()) {
            problems.add(s.path("host"), "host is empty", "write the server's address, e.g. host: 127.0.0.1");
        }
        int port = s.integer("port", NodeConfig.DEFAULT_PORT, 1, 65535);
        String user = s.requiredString("user", "write the MySQL account Duplex connects as, e.g. user: duplex");
        SecretRef password = password(s);
        // Absent: NodeConfig picks the default, which depends on the host and on tlsCa.
        TlsMode tls = s.choice("tls", TlsMode.class, null);
        SecretRef tlsCa = tlsCa(s);
        if (tlsCa != null && tls != null && !tls.verifiesCertificate()) {
            problems.add(s.path("tlsCa"), "tlsCa is set but tls: " + tls.code() + " does not check the server's"
                    + " certificate, so the CA would be ignored", "write tls: verify-identity (or verify-ca), or"
                    + " remove tlsCa");
        }
        return problems.size() == before ? new NodeConfig(host, port, user, password, tls, tlsCa) : null;
    }

    /** Where the CA bundle is: a file or Secrets Manager reference, never the PEM itself. */
    private static SecretRef tlsCa(Section s) {
        JsonNode v = s.get("tlsCa");
        if (v == null) {
            return null;
        }
        String text = v.isTextual() ? v.asText().strip() : "";
        if (text.startsWith("-----BEGIN")) {
            s.problems().add(s.path("tlsCa"), "tlsCa holds a certificate instead of naming where it is",
                    "save the PEM to a file and " + TLS_CA_FIX);
            return null;
        }
        if (!SecretRef.looksLikeReference(text)) {
            s.problems().add(s.path("tlsCa"), "tlsCa must be a file: or secretsmanager: reference", TLS_CA_FIX);
            return null;
        }
        try {
            SecretRef ref = SecretRef.parse(text);
            if (!NodeConfig.isCaReference(ref)) {
                s.problems().add(s.path("tlsCa"), "tlsCa cannot come from an environment variable", TLS_CA_FIX);
                return null;
            }
            return ref;
        } catch (IllegalArgumentException e) {
            s.problems().add(s.path("tlsCa"), "invalid tlsCa reference: " + e.getMessage(), TLS_CA_FIX);
            return null;
        }
    }

    /** Never repeats the written value in a problem: it may be a password. */
    private static SecretRef password(Section s) {
        JsonNode v = s.get("password");
        if (v == null) {
            if (s.reportMissing("password")) {
                s.problems().add(s.path("password"), "password is missing", PASSWORD_FIX);
            }
            return null;
        }
        if (!v.isTextual() || !SecretRef.looksLikeReference(v.asText())) {
            s.problems().add(s.path("password"), "a literal password is not allowed in the configuration", PASSWORD_FIX);
            return null;
        }
        try {
            return SecretRef.parse(v.asText());
        } catch (IllegalArgumentException e) {
            s.problems().add(s.path("password"), "invalid secret reference: " + e.getMessage(), PASSWORD_FIX);
            return null;
        }
    }

    private static boolean sameServer(NodeConfig a, NodeConfig b) {
        return a.port() == b.port() && canonicalHost(a.host()).equals(canonicalHost(b.host()));
    }

    private static String canonicalHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return LOOPBACK.contains(h) ? "loopback" : h;
    }
}
