package dev.duplex.capture.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import dev.duplex.core.sql.DuplexSchema;
import dev.duplex.sandbox.MySqlSandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the reader makes of transactions on a real MariaDB binlog: the rows after an apply marker
 * come out undecoded ({@link SkippedRows}), everything else decoded as before, and a transaction
 * after Duplex's own is decoded again, whatever statements' annotations lie between.
 */
class OwnTransactionsIT {
    private static final String MARKER = DuplexSchema.SCHEMA + "." + DuplexSchema.APPLY_LANE;
    private static MySqlSandbox node;

    @BeforeAll
    static void start() {
        node = MySqlSandbox.start("own-tx", 1);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void shouldSkipTheRowsAfterAnApplyMarkerAndDecodeEveryOtherTransaction() throws Exception {
        sql("CREATE DATABASE IF NOT EXISTS " + DuplexSchema.SCHEMA, "CREATE DATABASE IF NOT EXISTS app",
                "CREATE TABLE IF NOT EXISTS " + MARKER + " (id INT PRIMARY KEY, n INT) ENGINE=InnoDB",
                "CREATE TABLE IF NOT EXISTS app.t (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=InnoDB");
        String[] from = position();
        // 1: Duplex's own, marker first (as the apply writes it): the rows after it are skipped
        tx("INSERT INTO " + MARKER + " VALUES (1, 1)", "INSERT INTO app.t VALUES (1, 'a'), (2, 'b')",
                "UPDATE app.t SET v = 'c' WHERE id = 1", "DELETE FROM app.t WHERE id = 2");
        // 2: a user's transaction right after it: decoded
        tx("INSERT INTO app.t VALUES (3, 'd'), (4, 'e')");
        // 3: marker last (as the direct full sync writes its progress): nothing before it is skipped
        tx("INSERT INTO app.t VALUES (5, 'f')", "UPDATE " + MARKER + " SET n = 2 WHERE id = 1");
        // 4: a user's again, after one that ended with the marker
        tx("INSERT INTO app.t VALUES (6, 'g')");

        List<List<EventData>> txs = transactions(read(from, 4));
        assertEquals(4, txs.size(), txs.toString());
        assertEquals(List.of("marker:1", "skipped", "skipped", "skipped"), describe(txs.get(0)));
        assertEquals(List.of("app.t:2"), describe(txs.get(1)));
        assertEquals(List.of("app.t:1", "marker:1"), describe(txs.get(2)));
        assertEquals(List.of("app.t:1"), describe(txs.get(3)));
    }

    private final Map<Long, TableMapEventData> tables = new HashMap<>();

    private List<String> describe(List<EventData> rowEvents) {
        List<String> out = new ArrayList<>();
        for (EventData d : rowEvents) {
            if (d instanceof SkippedRows) {
                out.add("skipped");
                continue;
            }
            long id = switch (d) {
                case WriteRowsEventData w -> w.getTableId();
                case UpdateRowsEventData u -> u.getTableId();
                case DeleteRowsEventData x -> x.getTableId();
                default -> throw new AssertionError(d);
            };
            int rows = switch (d) {
                case WriteRowsEventData w -> w.getRows().size();
                case UpdateRowsEventData u -> u.getRows().size();
                case DeleteRowsEventData x -> x.getRows().size();
                default -> 0;
            };
            TableMapEventData t = tables.get(id);
            String name = t.getDatabase() + "." + t.getTable();
            out.add((MARKER.equals(name) ? "marker" : name) + ":" + rows);
        }
        return out;
    }

    /** Row event data per transaction (between XIDs), table maps remembered by id. */
    private List<List<EventData>> transactions(List<Event> events) {
        List<List<EventData>> out = new ArrayList<>();
        List<EventData> open = new ArrayList<>();
        for (Event e : events) {
            EventData d = e.getData();
            if (d instanceof TableMapEventData t) {
                tables.put(t.getTableId(), t);
            } else if (EventType.isRowMutation(e.getHeader().getEventType())) {
                open.add(d);
            } else if (d instanceof XidEventData) {
                out.add(open);
                open = new ArrayList<>();
            }
        }
        return out;
    }

    /** Events from {@code from} until {@code xids} transactions were read, with capture's deserializer. */
    private static List<Event> read(String[] from, int xids) throws Exception {
        BinaryLogClient client = new BinaryLogClient(node.host(), node.port(), node.user(), node.password());
        client.setServerId(4242);
        client.setBinlogFilename(from[0]);
        client.setBinlogPosition(Long.parseLong(from[1]));
        client.setEventDeserializer(EventDeserializers.create());
        List<Event> events = new CopyOnWriteArrayList<>();
        client.registerEventListener(events::add);
        client.connect(TimeUnit.SECONDS.toMillis(20));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (events.stream().filter(e -> e.getData() instanceof XidEventData).count() < xids) {
                assertTrue(System.nanoTime() < deadline, "the binlog did not deliver " + xids + " transactions");
                Thread.sleep(50);
            }
        } finally {
            client.disconnect();
        }
        return List.copyOf(events);
    }

    private static String[] position() throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static void tx(String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String s : statements) {
                st.execute(s);
            }
            c.commit();
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
