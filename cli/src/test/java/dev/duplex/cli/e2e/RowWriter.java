package dev.duplex.cli.e2e;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts, updates and deletes rows of one table on one node, in its own id range, until stopped;
 * can be paused (returns once it is idle). Seeded: the seed is printed.
 */
final class RowWriter implements AutoCloseable {
    private final MySqlServer node;
    private final String table;
    private final int firstId;
    private final int ids;
    private final Random random;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;
    private volatile boolean pauseRequested;
    private volatile boolean idle;
    private volatile int scale = 2;
    private volatile long writes;

    RowWriter(MySqlServer node, String table, int firstId, int ids, long seed) {
        this.node = node;
        this.table = table;
        this.firstId = firstId;
        this.ids = ids;
        this.random = new Random(seed);
        System.out.println("RowWriter " + node.name() + " " + table + " seed " + seed);
        this.thread = new Thread(this::run, "writer-" + node.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Decimal places of the prices written from now on. */
    void scale(int places) {
        this.scale = places;
    }

    long writes() {
        return writes;
    }

    private void run() {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            while (running) {
                if (pauseRequested) {
                    idle = true;
                    Thread.sleep(20);
                    continue;
                }
                idle = false;
                write(st);
                writes++;
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            idle = true;
        }
    }

    private void write(Statement st) throws SQLException {
        int id = firstId + random.nextInt(ids);
        String price = String.format(Locale.ROOT, "%." + scale + "f", random.nextInt(1_000_000) / 1000.0
                + random.nextInt(10_000) / 10_000_000.0);
        switch (random.nextInt(4)) {
            case 0 -> st.execute("DELETE FROM " + table + " WHERE id = " + id);
            case 1 -> st.execute("UPDATE " + table + " SET price = " + price + " WHERE id = " + id);
            default -> st.execute("INSERT INTO " + table + " (id, name, price) VALUES (" + id + ", 'n" + id + "', "
                    + price + ") ON DUPLICATE KEY UPDATE name = CONCAT('u', id), price = VALUES(price)");
        }
    }

    void pause() throws InterruptedException {
        pauseRequested = true;
        while (!idle) {
            Thread.sleep(10);
        }
        check();
    }

    void resume() {
        idle = false;
        pauseRequested = false;
    }

    void check() {
        if (failure.get() != null) {
            throw new AssertionError("writer on " + node.name() + " failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        check();
    }
}
