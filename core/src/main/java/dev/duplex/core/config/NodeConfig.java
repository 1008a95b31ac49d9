package dev.duplex.core.config;

import java.util.Objects;

/**
 * One MySQL/MariaDB server of the task. No database is named here: databases are chosen under
 * {@code objects}. The password is a reference, so printing a NodeConfig is safe.
 */
public record NodeConfig(String host, int port, String user, SecretRef password, TlsMode tls) {

    public static final int DEFAULT_PORT = 3306;

    public NodeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        tls = tls == null ? TlsMode.PREFERRED : tls;
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** host:port, with IPv6 hosts in brackets. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
