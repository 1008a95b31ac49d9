package dev.duplex.capture.heartbeat;

import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.core.thread.ThreadWorker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this capture's heartbeat row on its own source every interval. The row travels the
 * binlog like any change and is published as a heartbeat batch, so the apply side can measure
 * end-to-end latency; it also keeps the binlog (and so the checkpoint) moving on an idle source.
 * A failed write is logged (once per outage) and retried at the next tick: the reader reports
 * source outages, the heartbeat does not fail the capture.
 */
public final class HeartbeatWriter extends ThreadWorker {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);
    static final String UPSERT = "REPLACE INTO `duplex`.`heartbeat` (`task`, `node`, `ts`) VALUES (?, ?, UTC_TIMESTAMP(6))";

    private final ConnectionFactory connections;
    private final String task;
    private final String node;
    private final Duration interval;
    private final AtomicLong written = new AtomicLong();
    private Connection connection;
    private boolean failing;

    public HeartbeatWriter(ConnectionFactory connections, String task, String node, Duration interval) {
        super("heartbeat-" + task + "-" + node);
        this.connections = connections;
        this.task = task;
        this.node = node;
        this.interval = interval;
    }

    /** Creates the duplex schema and its tables if missing (idempotent). */
    public static void createSchema(ConnectionFactory connections) throws SQLException {
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            DuplexSchema.create(s);
        }
    }

    public long written() {
        return written.get();
    }

    @Override
    protected void work() {
        while (!stopping()) {
            beat();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                break;
            }
        }
        close();
    }

    private void beat() {
        try {
            if (connection == null) {
                connection = connections.open();
            }
            try (PreparedStatement ps = connection.prepareStatement(UPSERT)) {
                ps.setString(1, task);
                ps.setString(2, node);
                ps.executeUpdate();
            }
            written.incrementAndGet();
            if (failing) {
                failing = false;
                LOG.info("task={} node={} heartbeat writes work again", task, node);
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing && !stopping()) {
                failing = true;
                LOG.warn("task={} node={} cannot write the heartbeat ({}); retrying every {} ms", task, node,
                        e.toString(), interval.toMillis());
            }
            close();
        }
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Dropping a connection that failed; the failure was reported already.
            }
            connection = null;
        }
    }
}
