package dev.duplex.cli.fullsync;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes on one node while the full sync runs, one small transaction at a time. On node a it
 * inserts new rows and updates and deletes existing ones of the copied tables (rows the copy has
 * read already, rows it has not read yet); on node b it writes a table of its own.
 */
final class Workload implements AutoCloseable {
    private final MySqlServer node;
    private final List<String> tables;
    private final long existingRows;
    private final boolean nodeA;
    private final Random random;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong nextId;
    private volatile boolean stopping;
    private volatile Exception failure;
    private Thread thread;

    private Workload(MySqlServer node, List<String> tables, long existingRows, boolean nodeA, long seed) {
        this.node = node;
        this.tables = tables;
        this.existingRows = existingRows;
        this.nodeA = nodeA;
        this.random = new Random(seed);
        this.nextId = new AtomicLong(nodeA ? 1_000_000_000L : 1);
    }

    /** Inserts, updates and deletes on the copied tables of node a, whose ids run 1..existingRows. */
    static Workload onA(MySqlServer a, List<String> tables, long existingRows) {
        return new Workload(a, tables, existingRows, true, 7);
    }

    /** Inserts and updates on {@code table} of node b (id, note). */
    static Workload onB(MySqlServer b, String table) {
        return new Workload(b, List.of(table), 0, false, 11);
    }

    Workload start() {
        thread = new Thread(this::run, "workload-" + (nodeA ? "a" : "b"));
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            while (!stopping) {
                st.execute(nodeA ? nextOnA() : nextOnB());
                transactions.incrementAndGet();
                Thread.sleep(random.nextInt(3));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    private String nextOnA() {
        String table = tables.get(random.nextInt(tables.size()));
        long id = 1 + (long) (random.nextDouble() * existingRows);
        return switch (random.nextInt(3)) {
            case 0 -> "INSERT INTO " + table + " (id, k, v, ts, amount) VALUES (" + nextId.getAndIncrement()
                    + ", 1, 'new', NOW(6), 1.25)";
            case 1 -> "UPDATE " + table + " SET k = k + 1, v = CONCAT('upd-', k), amount = amount + 0.01 WHERE id = " + id;
            default -> "DELETE FROM " + table + " WHERE id = " + id;
        };
    }

    private String nextOnB() {
        String table = tables.get(0);
        if (random.nextInt(4) == 0 && nextId.get() > 1) {
            return "UPDATE " + table + " SET note = CONCAT(note, '+') WHERE id = " + (1 + random.nextInt(
                    (int) Math.min(Integer.MAX_VALUE, nextId.get() - 1)));
        }
        return "INSERT INTO " + table + " (id, note) VALUES (" + nextId.getAndIncrement() + ", 'written on b')";
    }

    long transactions() {
        return transactions.get();
    }

    /** Stops writing and waits for the last transaction; throws what the writer met, if anything. */
    void stop() throws Exception {
        stopping = true;
        if (thread != null) {
            thread.join(30_000);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
