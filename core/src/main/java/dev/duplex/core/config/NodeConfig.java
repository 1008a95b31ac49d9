package dev.duplex.core.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One MySQL/MariaDB server of the task. No database is named here: databases are chosen under
 * {@code objects}. The password and the CA bundle are references, so printing a NodeConfig is safe.
 *
 * @param tls   null takes the default: {@code verify-identity} when a CA is named, else {@code preferred}
 *              on a loopback host (nothing leaves the machine) and {@code required} on any other
 * @param tlsCa where the PEM bundle of the CAs that sign the server's certificate lives (file or Secrets
 *              Manager); null trusts the JVM's CAs. Only the verifying modes use it.
 */
public record NodeConfig(String host, int port, String user, SecretRef password, TlsMode tls, SecretRef tlsCa) {

    public static final int DEFAULT_PORT = 3306;
    /** Amazon's bundle of every RDS and Aurora CA, all regions: what tlsCa names for those servers. */
    public static final String RDS_CA_BUNDLE = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";

    /** 127.0.0.0/8 written as a dotted quad; such a literal never goes to DNS. */
    private static final Pattern IPV4_LOOPBACK =
            Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
    /** What an IPv6 literal may look like; InetAddress parses such a text and never looks it up. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:][0-9a-f:.]*:[0-9a-f:.]*");

    public NodeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        tls = tls == null ? defaultTls(host, tlsCa) : tls;
        if (tlsCa != null && !isCaReference(tlsCa)) {
            throw new IllegalArgumentException("tlsCa must be a file: or secretsmanager: reference, got "
                    + tlsCa.reference());
        }
        if (tlsCa != null && !tls.verifiesCertificate()) {
            throw new IllegalArgumentException("tlsCa needs tls: verify-ca or verify-identity, got " + tls.code());
        }
    }

    /** A node that trusts the JVM's CAs (no {@code tlsCa}). */
    public NodeConfig(String host, int port, String user, SecretRef password, TlsMode tls) {
        this(host, port, user, password, tls, null);
    }

    /**
     * The mode when none is written. A named CA means the server is to be verified; off the machine
     * the password and the rows must not cross the network in clear, so plain-text fallback is off.
     */
    public static TlsMode defaultTls(String host, SecretRef tlsCa) {
        if (tlsCa != null) {
            return TlsMode.VERIFY_IDENTITY;
        }
        return isLoopback(host) ? TlsMode.PREFERRED : TlsMode.REQUIRED;
    }

    /** Where a CA bundle may come from: a PEM bundle is too long for an environment variable to be handy. */
    static boolean isCaReference(SecretRef ref) {
        return ref instanceof SecretRef.File || ref instanceof SecretRef.SecretsManager;
    }

    /** host:port, with IPv6 hosts in brackets. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether this node's host is this machine's loopback interface. */
    public boolean isLoopback() {
        return isLoopback(host);
    }

    /**
     * Whether {@code host} names the loopback interface as written: localhost, 127.0.0.0/8 or ::1
     * (also in brackets or in full). Decided without DNS: a name that resolves to a loopback address
     * does not count, since what it resolves to can change.
     */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.") || IPV4_LOOPBACK.matcher(h).matches()) {
            return true;
        }
        if (!IPV6_LITERAL.matcher(h).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
