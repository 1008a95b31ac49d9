package dev.duplex.cli.demo;

import dev.duplex.core.thread.StoppableThread;
import dev.duplex.sandbox.MySqlServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes shop transactions on one node at a steady rate. Each node owns a disjoint key space
 * (node a odd ids, node b even ids), as two-way synchronization requires: the same row must not
 * be updated on both nodes.
 */
public final class DemoWorkload implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoWorkload.class);

    private final MySqlServer server;
    private final int parity;
    private final double txPerSecond;
    private final Random random;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final Deque<Long> ownOrders = new ArrayDeque<>();
    private final StoppableThread thread;
    private long nextOrder;

    /** @param node "a" or "b": which half of the key space this workload owns */
    public DemoWorkload(MySqlServer server, String node, double txPerSecond, long seed) {
        this.server = server;
        this.parity = "a".equals(node) ? 1 : 0;
        this.txPerSecond = txPerSecond;
        this.random = new Random(seed);
        this.thread = StoppableThread.named("workload-" + server.name());
    }

    public void start() {
        thread.start(this);
    }

    public void stop() {
        thread.stop();
    }

    public void awaitStop(Duration timeout) throws InterruptedException {
        thread.awaitStop(timeout);
    }

    public long transactions() {
        return transactions.get();
    }

    public long rows() {
        return rows.get();
    }

    @Override
    public void run() {
        long periodNanos = (long) (1_000_000_000L / txPerSecond);
        long next = System.nanoTime();
        try (Connection c = server.connect()) {
            c.setAutoCommit(false);
            while (!thread.stopping()) {
                rows.addAndGet(oneTransaction(c));
                c.commit();
                transactions.incrementAndGet();
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
            }
        } catch (SQLException e) {
            LOG.error("demo workload on node {} stopped: {}", server.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int oneTransaction(Connection c) throws SQLException {
        int pick = random.nextInt(10);
        if (pick < 5 || ownOrders.size() < 10) {
            return placeOrder(c);
        }
        if (pick < 8) {
            return touchCustomer(c, ownCustomer());
        }
        return deleteOldOrder(c);
    }

    /** A multi-statement transaction: the order plus its customer's visit count. */
    private int placeOrder(Connection c) throws SQLException {
        long id = 2 * nextOrder++ + parity;
        long customer = ownCustomer();
        int product = 1 + random.nextInt(DemoSchema.PRODUCTS);
        int qty = 1 + random.nextInt(5);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shop.orders VALUES (?, ?, ?, ?, ?, ?, UTC_TIMESTAMP(6))")) {
            ps.setLong(1, id);
            ps.setLong(2, customer);
            ps.setInt(3, product);
            ps.setInt(4, qty);
            ps.setBigDecimal(5, new BigDecimal(qty * (product + 0.99)).setScale(2, RoundingMode.HALF_UP));
            ps.setString(6, random.nextInt(4) == 0 ? "gift wrap ✓ 🎁" : null);
            ps.executeUpdate();
        }
        ownOrders.addLast(id);
        return 1 + touchCustomer(c, customer);
    }

    private int touchCustomer(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE shop.customers SET visits = visits + 1, updated_at = UTC_TIMESTAMP(6) WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    private int deleteOldOrder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM shop.orders WHERE id = ?")) {
            ps.setLong(1, ownOrders.removeFirst());
            return ps.executeUpdate();
        }
    }

    private long ownCustomer() {
        long half = DemoSchema.CUSTOMERS / 2;
        return 2 * random.nextLong(half) + (parity == 1 ? 1 : 2);
    }
}
