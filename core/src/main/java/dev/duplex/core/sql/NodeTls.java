package dev.duplex.core.sql;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TlsMode;
import dev.duplex.core.error.FatalException;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to one node, the same for both of its connections, the JDBC one (Connector/J) and the
 * binlog one: the mode; the CAs trusted ({@code tlsCa}, else the JVM's); TLS 1.2 and 1.3 only;
 * under {@code verify-identity} the host name checked against the certificate; which ways of
 * sending the password are allowed. Certificate failures become errors that name the fix.
 */
public final class NodeTls {
    /** Both connections offer exactly these; the server picks, 1.3 where it has it. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Sends the password itself; never offered (the binlog connection refuses it before TLS, see capture). */
    public static final String CLEAR_PASSWORD_PLUGIN = "mysql_clear_password";

    private final NodeConfig node;
    private final SecretResolver secrets;

    public NodeTls(NodeConfig node, SecretResolver secrets) {
        this.node = Objects.requireNonNull(node, "node");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    public NodeConfig node() {
        return node;
    }

    public TlsMode mode() {
        return node.tls();
    }

    public boolean allowsPublicKeyRetrieval() {
        return allowsPublicKeyRetrieval(node);
    }

    /**
     * Whether the password may be sent encrypted with an RSA key the server hands over
     * (caching_sha2_password without TLS). Whoever is on the path can hand over their own key and
     * decrypt the password, so only where nobody can be on the path and TLS is deliberately off.
     */
    public static boolean allowsPublicKeyRetrieval(NodeConfig node) {
        return node.tls() == TlsMode.DISABLED && node.isLoopback();
    }

    /** Connector/J properties for this node's TLS and authentication; resolves {@code tlsCa}. */
    public Map<String, String> jdbcProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sslMode", mode().name());
        p.put("tlsVersions", String.join(",", PROTOCOLS));
        p.put("allowPublicKeyRetrieval", Boolean.toString(allowsPublicKeyRetrieval()));
        p.put("disabledAuthenticationPlugins", CLEAR_PASSWORD_PLUGIN);
        if (mode().verifiesCertificate() && node.tlsCa() != null) {
            CaBundle.TrustStoreFile store = bundle().trustStoreFile();
            p.put("trustCertificateKeyStoreUrl", store.url());
            p.put("trustCertificateKeyStoreType", "PKCS12");
            p.put("trustCertificateKeyStorePassword", store.password());
        }
        return p;
    }

    /**
     * TLS over an open connection's socket (the binlog connection's, after its SSL request):
     * trust and host check as the mode says, TLS 1.2 or 1.3. The handshake runs on first use.
     */
    public SSLSocket upgrade(Socket plain) throws IOException {
        String host = peerHost();
        SSLSocket s = (SSLSocket) context().getSocketFactory().createSocket(plain, host, node.port(), true);
        SSLParameters params = s.getSSLParameters();
        params.setProtocols(PROTOCOLS.toArray(String[]::new));
        if (mode() == TlsMode.VERIFY_IDENTITY) {
            // RFC 2818 rules: a DNS name must match a DNS subject alternative name, an IP an IP one.
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        s.setSSLParameters(params);
        s.setUseClientMode(true);
        return s;
    }

    /** The failure explained with its fix when it is a certificate the node's settings reject; else empty. */
    public Optional<FatalException> explain(Throwable failure) {
        return TlsFailures.explain(node, failure);
    }

    private SSLContext context() {
        return switch (mode()) {
            case DISABLED -> throw new IllegalStateException("tls: disabled: no TLS to set up");
            // Encryption without verification is what these modes mean (Connector/J's sslMode).
            case PREFERRED, REQUIRED -> AcceptAny.CONTEXT;
            case VERIFY_CA, VERIFY_IDENTITY -> node.tlsCa() == null ? jvmTrust() : bundle().context();
        };
    }

    private CaBundle bundle() {
        String reference = node.tlsCa().reference();
        String pem;
        try {
            pem = secrets.resolve(node.tlsCa()).reveal();
        } catch (FatalException e) {
            throw new FatalException("cannot read tlsCa " + reference + ": " + e.getMessage() + " (fix: make the CA"
                    + " bundle available there to every process that connects, or correct tlsCa)", e);
        }
        return CaBundle.of(pem, reference);
    }

    private String peerHost() {
        String h = node.host().strip();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static SSLContext jvmTrust() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no default TLS setup: " + e.getMessage(), e);
        }
    }

    /** Trusts any certificate: encryption against a passive listener, nothing more (preferred, required). */
    private static final class AcceptAny extends X509ExtendedTrustManager {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            try {
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(null, new TrustManager[] {new AcceptAny()}, null);
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
