package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.duplex.core.model.Op;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Object selection on a real binlog: tables, columns, operations, WHERE filters and renames. */
class CaptureSelectionIT {
    private static CaptureHarness h;

    @BeforeAll
    static void start() {
        h = new CaptureHarness(TestServers.a());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void shouldPublishOnlySelectedObjectsUnderTheirTargetNames() {
        h.sql("CREATE DATABASE crm", "CREATE DATABASE other",
                "CREATE TABLE crm.customers (id INT PRIMARY KEY, name VARCHAR(20), region CHAR(2), secret VARCHAR(20))",
                "CREATE TABLE crm.orders (id INT PRIMARY KEY, total INT)",
                "CREATE TABLE crm.notes (id INT PRIMARY KEY)",
                "CREATE TABLE other.t (id INT PRIMARY KEY)");
        CaptureHarness.Task task = h.task("select", """
                - database: crm
                  renameTo: crm_eu
                  tables:
                    - name: customers
                      renameTo: clients
                      columns: [id, name, region]
                      where: "region = 'EU'"
                    - name: orders
                      operations: [insert, delete]
                """);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO crm.customers VALUES (1, 'Ann', 'EU', 's1'), (2, 'Bob', 'US', 's2')",
                    "INSERT INTO crm.notes VALUES (1)", "INSERT INTO other.t VALUES (1)",
                    "UPDATE crm.customers SET region = 'EU' WHERE id = 2",
                    "UPDATE crm.customers SET region = 'US', name = 'Ann2' WHERE id = 1",
                    "UPDATE crm.customers SET secret = 'changed' WHERE id = 2",
                    "INSERT INTO crm.orders VALUES (10, 100)", "UPDATE crm.orders SET total = 200 WHERE id = 10",
                    "DELETE FROM crm.orders WHERE id = 10", "INSERT INTO crm.orders VALUES (11, 5)");
            QueueDrain q = h.drain(task);
            q.until(d -> d.rows().stream().anyMatch(r -> r.table().equals("orders")
                    && r.after() != null && r.after().get(0).equals(new Value.Int(11))), Duration.ofSeconds(60),
                    "the last order");
            q.settle(Duration.ofSeconds(1));
            List<RowChange> rows = q.rows();
            List<String> cols = List.of("id", "name", "region");
            assertEquals(List.of(
                    RowChange.insert("crm_eu", "clients", cols, List.of("id"),
                            List.of(new Value.Int(1), new Value.Text("Ann"), new Value.Text("EU"))),
                    RowChange.insert("crm_eu", "clients", cols, List.of("id"),
                            List.of(new Value.Int(2), new Value.Text("Bob"), new Value.Text("EU"))),
                    RowChange.delete("crm_eu", "clients", cols, List.of("id"),
                            List.of(new Value.Int(1), new Value.Text("Ann"), new Value.Text("EU"))),
                    RowChange.insert("crm_eu", "orders", List.of("id", "total"), List.of("id"),
                            List.of(new Value.Int(10), new Value.Int(100))),
                    RowChange.delete("crm_eu", "orders", List.of("id", "total"), List.of("id"),
                            List.of(new Value.Int(10), new Value.Int(200))),
                    RowChange.insert("crm_eu", "orders", List.of("id", "total"), List.of("id"),
                            List.of(new Value.Int(11), new Value.Int(5)))), rows);
            assertEquals(Op.INSERT, rows.get(1).op(), "an UPDATE moving a row into the filter is an INSERT");
            assertNull(rows.get(2).after(), "an UPDATE moving a row out of the filter is a DELETE");
            // The update of the unselected column 'secret' changed nothing the target has: not published.
        }
    }

    /**
     * A filter comparing text with an integer publishes the rows the source's own WHERE selects:
     * MariaDB reads '5e 9' compared with 10 as 5000000000 (not selected) where a DOUBLE reading
     * gives 5; full sync and verify run the filter as SQL, so capture must agree with them.
     */
    @Test
    void shouldPublishTheRowsTheSourcesOwnWhereSelects() throws Exception {
        h.sql("CREATE DATABASE codes", "CREATE TABLE codes.t (id INT PRIMARY KEY, code VARCHAR(20))");
        CaptureHarness.Task task = h.task("codes", """
                - database: codes
                  tables:
                    - name: t
                      where: "code <= 10"
                """);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO codes.t VALUES (1, '5e 9'), (2, '5'), (3, '5e -1'), (4, '1e-40'), (5, '11'), (6, 'x')");
            QueueDrain q = h.drain(task);
            q.until(d -> d.rows().size() >= 4, Duration.ofSeconds(60), "the selected rows");
            q.settle(Duration.ofSeconds(1));
            List<Integer> published = q.rows().stream().map(r -> (int) ((Value.Int) r.after().get(0)).value()).toList();
            assertEquals(selectedBySource("SELECT id FROM codes.t WHERE code <= 10 ORDER BY id"), published);
            assertEquals(List.of(2, 3, 4, 6), published);
        }
    }

    private static List<Integer> selectedBySource(String query) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = h.db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
