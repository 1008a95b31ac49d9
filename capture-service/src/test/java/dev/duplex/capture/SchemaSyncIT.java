package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.schema.SchemaSync;
import dev.duplex.capture.schema.SchemaSyncReport;
import dev.duplex.capture.source.ConnectionFactory;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema sync between two real MariaDB servers: tables with their columns, indexes, foreign keys,
 * charsets, collations and AUTO_INCREMENT; for a whole database also views, procedures and
 * functions, triggers reported only; renames and column selection for listed tables.
 */
class SchemaSyncIT {
    private static MySqlServer a;
    private static MySqlServer b;

    @BeforeAll
    static void start() {
        a = TestServers.a();
        b = TestServers.b();
    }

    @AfterAll
    static void stop() {
        for (MySqlServer s : new MySqlServer[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void shouldCreateTablesViewsAndRoutinesOfAWholeDatabaseAndReportTriggers() throws Exception {
        sql(a, "CREATE DATABASE whole CHARACTER SET latin1 COLLATE latin1_german1_ci",
                "CREATE TABLE whole.parent (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) CHARACTER SET utf8mb4 "
                        + "COLLATE utf8mb4_unicode_ci NOT NULL, UNIQUE KEY by_name (name)) AUTO_INCREMENT=500",
                "CREATE TABLE whole.child (id INT PRIMARY KEY, parent_id INT NOT NULL, made DATE DEFAULT '0000-00-00',"
                        + " CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE)",
                "CREATE VIEW whole.names AS SELECT id, name FROM whole.parent",
                "CREATE VIEW whole.a_short_names AS SELECT id FROM whole.names WHERE LENGTH(name) < 5",
                "CREATE PROCEDURE whole.add_parent(IN n VARCHAR(20)) INSERT INTO whole.parent (name) VALUES (n)",
                "CREATE FUNCTION whole.twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2",
                "CREATE TRIGGER whole.stamp BEFORE INSERT ON whole.child FOR EACH ROW SET NEW.made = CURDATE()");
        TaskConfig task = config("whole-it", "- database: whole\n  renameTo: whole_b");
        SchemaSyncReport report = new SchemaSync(task, factory(a), factory(b)).run(false, () -> { });

        assertEquals(List.of("whole_b.child", "whole_b.parent"), report.createdTables());
        assertEquals(List.of("whole_b.a_short_names", "whole_b.names"), report.createdViews().stream().sorted().toList());
        assertEquals(2, report.createdRoutines().size(), report.toString());
        assertEquals(List.of("whole.stamp"), report.triggers());
        assertEquals(List.of(), report.problems());
        assertEquals(List.of("latin1|latin1_german1_ci"), rows(b, "SELECT DEFAULT_CHARACTER_SET_NAME, "
                + "DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'whole_b'"));
        assertEquals(showCreate(a, "whole.parent"), showCreate(b, "whole_b.parent"), "same definition, AUTO_INCREMENT too");
        assertEquals(showCreate(a, "whole.child"), showCreate(b, "whole_b.child"), "foreign key and zero-date default");
        assertEquals(0, rows(b, "SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'whole_b'").size());
        sql(b, "CALL whole_b.add_parent('Ann')");
        assertEquals(List.of("500|Ann"), rows(b, "SELECT id, name FROM whole_b.names"));
        assertEquals(List.of("500"), rows(b, "SELECT id FROM whole_b.a_short_names"));
        assertEquals(List.of("42"), rows(b, "SELECT whole_b.twice(21)"));
        assertTrue(rows(b, "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_NAME = 'names'").get(0)
                .contains("`whole_b`.`parent`"), "the view reads node b's database");

        SchemaSyncReport again = new SchemaSync(task, factory(a), factory(b)).run(true, () -> { });
        assertEquals(List.of(), again.createdTables(), "a resumed run keeps what the first one created");
        assertEquals(List.of("whole_b.child", "whole_b.parent", "whole_b.a_short_names", "whole_b.names"),
                again.keptTables());
    }

    @Test
    void shouldCreateListedTablesUnderTheirNewNamesWithTheSelectedColumnsOnly() throws Exception {
        sql(a, "CREATE DATABASE listed",
                "CREATE TABLE listed.customers (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, email VARCHAR(80), "
                        + "secret VARCHAR(20), UNIQUE KEY by_email (email), KEY by_name_secret (name, secret))",
                "CREATE TABLE listed.orders (id INT PRIMARY KEY, customer BIGINT, "
                        + "CONSTRAINT fk_c FOREIGN KEY (customer) REFERENCES customers (id))",
                "CREATE TABLE listed.unselected (id INT PRIMARY KEY)",
                "CREATE VIEW listed.v AS SELECT id FROM listed.customers");
        TaskConfig task = config("listed-it", """
                - database: listed
                  tables:
                    - {name: customers, renameTo: clients, columns: [id, name, email]}
                    - {name: orders}""");
        SchemaSyncReport report = new SchemaSync(task, factory(a), factory(b)).run(false, () -> { });
        assertEquals(List.of("listed.clients", "listed.orders"), report.createdTables());
        assertEquals(List.of(), report.createdViews(), "views only come with a whole database");
        assertEquals(List.of("id", "name", "email"), rows(b, "SELECT COLUMN_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'listed' AND TABLE_NAME = 'clients' ORDER BY ORDINAL_POSITION"));
        assertEquals(List.of("PRIMARY", "by_email"), rows(b, "SELECT DISTINCT INDEX_NAME FROM information_schema."
                + "STATISTICS WHERE TABLE_SCHEMA = 'listed' AND TABLE_NAME = 'clients'").stream().sorted().toList(),
                "the index on an unselected column is left out");
        assertEquals(List.of("clients"), rows(b, "SELECT REFERENCED_TABLE_NAME FROM information_schema."
                + "REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'listed' AND TABLE_NAME = 'orders'"));
        assertEquals(0, rows(b, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'listed' "
                + "AND TABLE_NAME IN ('unselected', 'customers', 'v')").size());
    }

    private static TaskConfig config(String task, String objects) {
        return TaskConfigLoader.parse("""
                task: %s
                nodes:
                  a: {host: %s, port: %d, user: duplex, password: env:UNUSED, tls: disabled}
                  b: {host: %s, port: %d, user: duplex, password: env:UNUSED, tls: disabled}
                objects:
                %s
                """.formatted(task, a.host(), a.port(), b.host(), b.port(), objects.indent(2)),
                TaskConfigLoader.Format.YAML);
    }

    private static ConnectionFactory factory(MySqlServer s) {
        return () -> {
            try {
                return s.connect();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** SHOW CREATE TABLE without the table's name line, so a's and b's compare. */
    private static String showCreate(MySqlServer s, String table) throws SQLException {
        String ddl = rows(s, "SHOW CREATE TABLE " + table).get(0);
        return ddl.substring(ddl.indexOf('\n'));
    }

    private static void sql(MySqlServer s, String... statements) throws SQLException {
        try (Connection c = s.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** Each row's columns joined by '|'; of SHOW CREATE only the statement. */
    private static List<String> rows(MySqlServer s, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            boolean show = query.startsWith("SHOW CREATE");
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = show ? 2 : 1; i <= (show ? 2 : n); i++) {
                    sb.append(sb.isEmpty() ? "" : "|").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
