package dev.duplex.capture.reader;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.sql.NodeTls;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the reader connects.
 *
 * @param tls             TLS and password exchange, as the node's JDBC connections have them
 * @param replicaServerId server_id the reader presents; unique among the source's replicas
 * @param heartbeat       the source sends a heartbeat event after this much silence
 * @param readTimeout     no byte for this long means the connection is dead (must exceed {@code heartbeat})
 */
public record ReaderSettings(String host, int port, String user, String password, NodeTls tls, long replicaServerId,
                             BinlogPosition from, Duration heartbeat, Duration readTimeout, Duration connectTimeout) {
    public ReaderSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(from, "from");
        if (readTimeout.compareTo(heartbeat) <= 0) {
            throw new IllegalArgumentException("readTimeout must exceed the heartbeat interval");
        }
    }

    @Override
    public String toString() {
        return "ReaderSettings[" + user + "@" + host + ":" + port + " from " + from + "]";
    }
}
