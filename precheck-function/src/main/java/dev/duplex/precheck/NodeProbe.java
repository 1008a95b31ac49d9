package dev.duplex.precheck;

import dev.duplex.core.config.NodeConfig;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.error.DuplexException;
import dev.duplex.core.sql.NodeConnections;
import dev.duplex.precheck.facts.FactsReader;
import dev.duplex.precheck.facts.SchemaFacts;
import dev.duplex.precheck.facts.SchemaReader;
import dev.duplex.precheck.facts.ServerFacts;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * Precheck's view of one node: one connection, the server facts read right after connecting,
 * and the schema facts of the task's databases read on first use. A node that cannot be
 * reached keeps the reason instead, and every check dependent on it reports that reason.
 */
public final class NodeProbe implements AutoCloseable {

    private final String id;
    private final NodeConfig config;
    private Connection connection;
    private ServerFacts facts;
    private String unreachable;
    private int errorCode;
    private boolean tlsFailure;
    private SchemaFacts schema;
    private Collection<String> schemaDatabases;

    private NodeProbe(String id, NodeConfig config) {
        this.id = id;
        this.config = config;
    }

    /** Connects (at most {@link NodeConnections#CONNECT_TIMEOUT_MS}) and reads the server facts. */
    static NodeProbe connect(String id, NodeConfig config, SecretResolver secrets) {
        NodeProbe probe = new NodeProbe(id, config);
        try {
            probe.connection = new NodeConnections(config, secrets).open();
            probe.facts = FactsReader.read(probe.connection);
            if (Thread.currentThread().isInterrupted()) {
                probe.fail("gave up waiting for " + config.address(), 0); // nobody will close it otherwise
            }
        } catch (DuplexException e) {
            probe.tlsFailure = causedByTls(e);
            probe.fail(e.getMessage(), e.mysqlErrorCode());
        } catch (SQLException e) {
            probe.fail("connected, but cannot read the server's settings: " + e.getMessage(), e.getErrorCode());
        } catch (RuntimeException e) {
            probe.fail("connected, but cannot make sense of the server's answers: " + e, 0);
        }
        return probe;
    }

    private static boolean causedByTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** A probe for a node that was not tried, e.g. when the time for connecting ran out. */
    static NodeProbe unreachable(String id, NodeConfig config, String reason) {
        NodeProbe probe = new NodeProbe(id, config);
        probe.unreachable = reason;
        return probe;
    }

    private void fail(String reason, int code) {
        unreachable = reason;
        errorCode = code;
        close();
    }

    public String id() {
        return id;
    }

    public NodeConfig config() {
        return config;
    }

    public boolean reachable() {
        return unreachable == null;
    }

    /** Why the node could not be used; null when it is reachable. */
    public String unreachableReason() {
        return unreachable;
    }

    /** MySQL error code of the connection failure, 0 when none or not from the server. */
    public int errorCode() {
        return errorCode;
    }

    /** Whether the connection failed in the TLS handshake (no TLS on the server, untrusted certificate). */
    public boolean tlsFailure() {
        return tlsFailure;
    }

    public ServerFacts facts() {
        requireReachable();
        return facts;
    }

    public Connection connection() {
        requireReachable();
        return connection;
    }

    /** Schema facts of {@code databases} (names as on this node); read once, on first use. */
    public synchronized SchemaFacts schema(Collection<String> databases) {
        requireReachable();
        if (schema == null || !Objects.equals(schemaDatabases, databases)) {
            try {
                schema = new SchemaReader(connection, facts.namesIgnoreCase()).read(databases);
                schemaDatabases = databases;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the tables of node " + id + " from information_schema: "
                        + e.getMessage(), e);
            }
        }
        return schema;
    }

    private void requireReachable() {
        if (!reachable()) {
            throw new IllegalStateException("node " + id + " is unreachable: " + unreachable);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a precheck connection that already broke loses nothing.
            }
            connection = null;
        }
    }
}
