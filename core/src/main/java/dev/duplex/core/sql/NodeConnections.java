package dev.duplex.core.sql;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.RefusedPasswords;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens JDBC connections (MySQL Connector/J) to a configured node. Every part of Duplex connects
 * through here so TLS, time-outs and character set are the same everywhere.
 */
public final class NodeConnections {
    /** An unreachable host must fail its check within 10 s (precheck requirement). */
    public static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Read time-out of an open connection: long statements (full sync chunks, DDL) must finish. */
    public static final int SOCKET_TIMEOUT_MS = 600_000;

    private final NodeConfig node;
    private final SecretResolver secrets;
    private final NodeTls tls;

    public NodeConnections(NodeConfig node, SecretResolver secrets) {
        this.node = node;
        this.secrets = secrets;
        this.tls = new NodeTls(node, secrets);
    }

    public NodeConfig node() {
        return node;
    }

    /** jdbc:mysql URL without credentials, safe to log. */
    public String url() {
        return "jdbc:mysql://" + node.address() + "/";
    }

    public Connection open() {
        return open(Map.of());
    }

    /**
     * A connection with extra Connector/J properties on top of the common ones (e.g. allowMultiQueries).
     * The password is resolved on every open (a Secrets Manager one through its resolver's cache); a
     * refused one is read again past the cache and tried once more: see {@link RefusedPasswords}.
     */
    public Connection open(Map<String, String> driverOptions) {
        Properties p = properties();
        driverOptions.forEach(p::setProperty);
        SecretRef ref = node.password();
        SecretValue password = secrets.resolve(ref);
        try {
            return connect(p, password);
        } catch (SQLException e) {
            if (e.getErrorCode() != RefusedPasswords.ACCESS_DENIED) {
                throw failed(e);
            }
            SQLException refused = e;
            Optional<SecretValue> fresh = RefusedPasswords.reread(secrets, ref, password);
            if (fresh.isPresent()) {
                try {
                    return connect(p, fresh.get());
                } catch (SQLException again) {
                    if (again.getErrorCode() != RefusedPasswords.ACCESS_DENIED) {
                        throw failed(again);
                    }
                    refused = again;
                }
            }
            throw RefusedPasswords.failure(ref, message(refused), null, refused);
        }
    }

    private Connection connect(Properties p, SecretValue password) throws SQLException {
        p.setProperty("password", password.reveal());
        Connection connection = DriverManager.getConnection(url(), p);
        try {
            connection.setNetworkTimeout(Runnable::run, SOCKET_TIMEOUT_MS);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private String message(SQLException e) {
        return "cannot connect to " + node.address() + " as '" + node.user() + "': " + e.getMessage();
    }

    /** A certificate or password exchange the node's settings refuse is fatal; anything else may pass. */
    private DuplexException failed(SQLException e) {
        Optional<FatalException> refused = tls.explain(e);
        if (refused.isPresent()) {
            return new FatalException("cannot connect to " + node.address() + " as '" + node.user() + "': "
                    + refused.get().getMessage(), null, e.getErrorCode(), e);
        }
        return new RetriableException(message(e) + " (fix: check that the server runs and this machine can reach it)",
                null, e.getErrorCode(), e);
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", node.user());
        tls.jdbcProperties().forEach(p::setProperty);
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        // The handshake reads with the socket time-out: a port that accepts but never greets
        // must fail as fast as a closed one. open() lengthens it once connected.
        p.setProperty("socketTimeout", Integer.toString(CONNECT_TIMEOUT_MS));
        p.setProperty("characterEncoding", "UTF-8");
        p.setProperty("connectionCollation", "utf8mb4_general_ci");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("useLocalSessionState", "true");
        return p;
    }
}
