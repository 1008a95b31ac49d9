package dev.duplex.cli.fullsync;

import dev.duplex.sandbox.MySqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Node b's writes on a table full sync copies from node a, aimed at the rows the copy is moving
 * right now. Node a's rows have ids 10, 20, 30, … and {@code origin = 'a'}; node b inserts its
 * own rows between them (ids ending in 5, spread over the whole key range), then, while the copy
 * runs, deletes and re-keys (id + 1) the ones just above the copy's cursor on node b (the highest
 * node-a id there: the chunks read from node a but not applied yet hold those keys), and updates
 * and re-keys (id + 2) rows it already received from node a.
 */
final class ReverseWrites {
    private static final int INSERT_EVERY = 20;
    private static final int ROWS_PER_INSERT = 100;

    private final MySqlServer b;
    private final String table;
    private final List<Long> inserted = new ArrayList<>();
    private final Set<Long> deleted = new HashSet<>();
    private final Map<Long, Long> rekeyed = new LinkedHashMap<>();
    private final Set<Long> updatedReceived = new HashSet<>();
    private final Map<Long, Long> rekeyedReceived = new LinkedHashMap<>();
    private final Set<Long> touched = new HashSet<>();
    private int next;

    ReverseWrites(MySqlServer b, String table) {
        this.b = b;
        this.table = table;
    }

    /** Inserts node b's rows: one every {@value #INSERT_EVERY} of node a's, in transactions of 100 rows. */
    void insertSpread(long aRows) throws SQLException {
        try (Connection c = b.connect(); Statement st = c.createStatement()) {
            StringBuilder values = new StringBuilder();
            for (long j = 1; j * INSERT_EVERY <= aRows; j++) {
                long id = 10 * INSERT_EVERY * j + 5;
                inserted.add(id);
                values.append(values.isEmpty() ? "" : ",").append("(").append(id).append(", 'b', 'b-").append(id)
                        .append("')");
                if (inserted.size() % ROWS_PER_INSERT == 0) {
                    st.execute("INSERT INTO " + table + " (id, origin, v) VALUES " + values);
                    values.setLength(0);
                }
            }
            if (!values.isEmpty()) {
                st.execute("INSERT INTO " + table + " (id, origin, v) VALUES " + values);
            }
        }
    }

    /** Deletes, re-keys and updates in turn, one statement each, while {@code copying} holds. */
    void changeWhile(BooleanSupplier copying) throws SQLException, InterruptedException {
        try (Connection c = b.connect(); Statement st = c.createStatement()) {
            while (copying.getAsBoolean()) {
                long cursor = cursor(st);
                boolean done = switch (next++ % 4) {
                    case 0 -> deleteAbove(st, cursor);
                    case 1 -> rekeyAbove(st, cursor);
                    case 2 -> updateReceived(st, cursor);
                    default -> rekeyReceived(st, cursor);
                };
                Thread.sleep(done ? 10 : 5);
            }
        }
    }

    /** The highest id of node a's rows that reached node b: the copy applied every key up to it. */
    private long cursor(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM " + table + " WHERE origin = 'a'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean deleteAbove(Statement st, long cursor) throws SQLException {
        long id = firstUntouchedAbove(cursor);
        if (id < 0 || st.executeUpdate("DELETE FROM " + table + " WHERE id = " + id) != 1) {
            return false;
        }
        deleted.add(id);
        return true;
    }

    private boolean rekeyAbove(Statement st, long cursor) throws SQLException {
        long id = firstUntouchedAbove(cursor);
        if (id < 0 || st.executeUpdate("UPDATE " + table + " SET id = " + (id + 1) + ", v = 'b-rekeyed' WHERE id = "
                + id) != 1) {
            return false;
        }
        rekeyed.put(id, id + 1);
        return true;
    }

    private boolean updateReceived(Statement st, long cursor) throws SQLException {
        long id = receivedBelow(cursor);
        if (id < 0 || st.executeUpdate("UPDATE " + table + " SET v = 'b-updated' WHERE id = " + id) != 1) {
            return false;
        }
        updatedReceived.add(id);
        return true;
    }

    private boolean rekeyReceived(Statement st, long cursor) throws SQLException {
        long id = receivedBelow(cursor);
        if (id < 0 || st.executeUpdate("UPDATE " + table + " SET id = " + (id + 2) + " WHERE id = " + id) != 1) {
            return false;
        }
        rekeyedReceived.put(id, id + 2);
        return true;
    }

    /** The lowest of node b's own keys above the cursor that no earlier step changed. */
    private long firstUntouchedAbove(long cursor) {
        for (long id : inserted) {
            if (id > cursor && touched.add(id)) {
                return id;
            }
        }
        return -1;
    }

    /** A node-a key some chunks below the cursor (applied on node b for sure), not changed before. */
    private long receivedBelow(long cursor) {
        for (long id = (cursor / 10 - 50) * 10; id > 0; id -= 10) {
            if (touched.add(id)) {
                return id;
            }
        }
        return -1;
    }

    List<Long> inserted() {
        return inserted;
    }

    Set<Long> deleted() {
        return deleted;
    }

    Map<Long, Long> rekeyed() {
        return rekeyed;
    }

    Set<Long> updatedReceived() {
        return updatedReceived;
    }

    Map<Long, Long> rekeyedReceived() {
        return rekeyedReceived;
    }

    /** Node b's own keys that no step deleted or re-keyed: they must reach node a as inserted. */
    List<Long> kept() {
        return inserted.stream().filter(id -> !deleted.contains(id) && !rekeyed.containsKey(id)).toList();
    }
}
