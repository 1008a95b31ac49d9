package dev.duplex.infra;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes shop.notes on one node from the moment it starts: an insert of a row of its own (odd ids
 * on node a, even on node b) every period, and every third time an update of one of its earlier
 * rows. Counts what committed, so a test can require exactly those rows on both nodes.
 */
final class NotesWriter implements Runnable {
    static final String TABLE_DDL = "CREATE TABLE shop.notes (id BIGINT PRIMARY KEY, node CHAR(1) NOT NULL, "
            + "v INT NOT NULL, updated DATETIME(6) NOT NULL)";

    private final MySqlServer server;
    private final String node;
    private final Duration period;
    private final Random random;
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean stopping;
    private volatile SQLException failure;
    private Thread thread;

    NotesWriter(MySqlServer server, String node, Duration period, long seed) {
        this.server = server;
        this.node = node;
        this.period = period;
        this.random = new Random(seed);
    }

    NotesWriter start() {
        thread = Thread.ofPlatform().name("notes-" + node).start(this);
        return this;
    }

    @Override
    public void run() {
        try (Connection c = server.connect()) {
            c.setAutoCommit(true);
            while (!stopping) {
                insert(c);
                if (inserted.get() % 3 == 0) {
                    update(c);
                }
                Thread.sleep(period);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void insert(Connection c) throws SQLException {
        long id = idOf(inserted.get() + 1);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shop.notes VALUES (?, ?, 0, UTC_TIMESTAMP(6))")) {
            ps.setLong(1, id);
            ps.setString(2, node);
            ps.executeUpdate();
        }
        inserted.incrementAndGet();
        changes.incrementAndGet();
    }

    private void update(Connection c) throws SQLException {
        long id = idOf(1 + random.nextLong(inserted.get()));
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE shop.notes SET v = v + 1, updated = UTC_TIMESTAMP(6) WHERE id = ?")) {
            ps.setLong(1, id);
            changes.addAndGet(ps.executeUpdate());
        }
    }

    /** The k-th row of this node (k from 1). */
    private long idOf(long k) {
        return 2 * k - ("a".equals(node) ? 1 : 0);
    }

    long inserted() {
        return inserted.get();
    }

    long changes() {
        return changes.get();
    }

    void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.join(Duration.ofSeconds(30));
        }
        if (failure != null) {
            throw new AssertionError("writer on node " + node + " failed: " + failure.getMessage(), failure);
        }
    }
}
