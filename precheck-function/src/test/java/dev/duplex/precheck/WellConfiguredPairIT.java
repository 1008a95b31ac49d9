package dev.duplex.precheck;

import static dev.duplex.precheck.Sandboxes.assertItem;
import static dev.duplex.precheck.Sandboxes.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.sandbox.MySqlSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A correctly configured pair passes every item; then, one at a time, a table or an account on
 * that pair is set up to fail one check, and the change is undone afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WellConfiguredPairIT {

    private MySqlSandbox a;
    private MySqlSandbox b;
    private Path tlsDir;

    @BeforeAll
    void start() throws Exception {
        tlsDir = Files.createTempDirectory("duplex-precheck-tls");
        a = MySqlSandbox.start("pre-a", 1, Sandboxes.tlsOptions(tlsDir));
        b = MySqlSandbox.start("pre-b", 2);
        sql(a, "CREATE DATABASE shop CHARACTER SET utf8mb4",
                "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(100),"
                        + " email VARCHAR(200) NOT NULL, UNIQUE KEY uk_email (email)) CHARSET utf8mb4",
                "CREATE TABLE shop.orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
                        + " total DECIMAL(10,2), CONSTRAINT fk_customer FOREIGN KEY (customer_id)"
                        + " REFERENCES shop.customers (id))");
    }

    @AfterAll
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        try (var files = Files.list(tlsDir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(tlsDir);
    }

    private PrecheckReport run(String rest, String... acknowledged) {
        return new Precheck(Sandboxes.secrets(a, b)).check(Sandboxes.config(Sandboxes.task(a, b, rest)),
                List.of(acknowledged));
    }

    private static final String WHOLE_SHOP = "objects: [shop]\n";

    @Test
    void shouldPassEveryItemOnACorrectlyConfiguredPair() throws Exception {
        PrecheckReport report = run(WHOLE_SHOP);
        for (CheckItem item : report.items()) {
            assertEquals(Status.PASS, item.status(), item::toString);
        }
        assertTrue(report.passed());
        String json = new ObjectMapper().writeValueAsString(report);
        assertFalse(json.contains(a.password()) || json.contains(b.password()), "a password is in the report");
        assertTrue(json.contains("\"status\":\"pass\""), json);
    }

    @Test
    void shouldFailATableWithoutAnyKey() {
        sql(a, "CREATE TABLE shop.logs (at DATETIME, message TEXT)");
        try {
            CheckItem item = assertItem(run(WHOLE_SHOP), "primary-key.a.shop.logs", Status.FAIL);
            assertFalse(item.ignorable());
            assertTrue(item.fix().contains("ALTER TABLE `shop`.`logs` ADD PRIMARY KEY"), item.fix());
        } finally {
            sql(a, "DROP TABLE shop.logs");
        }
    }

    @Test
    void shouldFailEveryNonTransactionalTableOnEitherNodeWithItsAlterStatement() {
        sql(a, "CREATE TABLE shop.legacy (id INT PRIMARY KEY) ENGINE=MyISAM",
                "CREATE TABLE shop.cache (id INT PRIMARY KEY) ENGINE=MEMORY");
        sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.legacy (id INT PRIMARY KEY) ENGINE=Aria");
        try {
            PrecheckReport report = run("sync: {conflictingTables: ignore-and-proceed}\n" + WHOLE_SHOP);
            assertFalse(report.passed());
            assertNonTransactional(report, "a", "legacy", "MyISAM");
            assertNonTransactional(report, "a", "cache", "MEMORY");
            assertNonTransactional(report, "b", "legacy", "Aria");
            assertNull(report.item("storage-engine.a.shop.customers"), "InnoDB tables pass");
        } finally {
            sql(a, "DROP TABLE shop.legacy", "DROP TABLE shop.cache");
            sql(b, "DROP DATABASE shop");
        }
    }

    @Test
    void shouldFailASystemVersionedTableOnEitherNodeWithTheStatementThatDropsItsVersioning() {
        sql(a, "CREATE TABLE shop.prices (id INT PRIMARY KEY, price INT) WITH SYSTEM VERSIONING",
                "CREATE TABLE shop.periods (id INT PRIMARY KEY, s TIMESTAMP(6) GENERATED ALWAYS AS ROW START, "
                        + "e TIMESTAMP(6) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME(s, e)) "
                        + "WITH SYSTEM VERSIONING");
        sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.prices (id INT PRIMARY KEY, price INT) WITH SYSTEM VERSIONING");
        try {
            PrecheckReport report = run("sync: {conflictingTables: ignore-and-proceed}\n" + WHOLE_SHOP);
            assertFalse(report.passed());
            for (String[] nodeTable : new String[][] {{"a", "prices"}, {"a", "periods"}, {"b", "prices"}}) {
                CheckItem item = assertItem(report, "system-versioning." + nodeTable[0] + ".shop." + nodeTable[1],
                        Status.FAIL);
                assertFalse(item.ignorable());
                assertTrue(item.found().contains("system-versioned"), item.found());
                assertTrue(item.fix().startsWith("ALTER TABLE `shop`.`" + nodeTable[1] + "` DROP SYSTEM VERSIONING;"),
                        item.fix());
            }
            assertNull(report.item("system-versioning.a.shop.customers"), "tables without versioning pass");
        } finally {
            sql(a, "DROP TABLE shop.prices", "DROP TABLE shop.periods");
            sql(b, "DROP DATABASE shop");
        }
    }

    @Test
    void shouldFailASequenceOfAWholeDatabaseWithAFixThatCanBeMade() {
        sql(a, "CREATE SEQUENCE shop.ids", "CREATE TABLE shop.tickets (id BIGINT PRIMARY KEY DEFAULT NEXTVAL(shop.ids))");
        try {
            PrecheckReport report = run(WHOLE_SHOP);
            assertFalse(report.passed());
            CheckItem item = assertItem(report, "sequence.a.shop.ids", Status.FAIL);
            assertFalse(item.ignorable());
            assertTrue(item.found().contains("a sequence"), item.found());
            assertTrue(item.fix().contains("select the tables of `shop` by name"), item.fix());
            assertNull(report.item("primary-key.a.shop.ids"), "no key to add to a sequence is asked for");
            assertNull(report.item("sequence.a.shop.tickets"), "a table using the sequence passes");
        } finally {
            sql(a, "DROP TABLE shop.tickets", "DROP SEQUENCE shop.ids");
        }
    }

    private static void assertNonTransactional(PrecheckReport report, String node, String table, String engine) {
        CheckItem item = assertItem(report, "storage-engine." + node + ".shop." + table, Status.FAIL);
        assertFalse(item.ignorable());
        assertTrue(item.found().contains(engine), item.found());
        assertEquals("ALTER TABLE `shop`.`" + table + "` ENGINE=InnoDB;", item.fix());
    }

    @Test
    void shouldFailAKeyOutsideTheSelectedColumns() {
        String rest = "objects:\n  - database: shop\n    tables:\n      - {name: customers, columns: [name, email]}\n";
        CheckItem item = assertItem(run(rest), "primary-key.a.shop.customers", Status.FAIL);
        assertTrue(item.found().contains("unselected columns id"), item.found());
    }

    @Test
    void shouldFailASelectedDatabaseOrTableThatDoesNotExist() {
        PrecheckReport report = run("objects:\n  - shop\n  - nosuch\n");
        CheckItem db = assertItem(report, "object-exists.a.nosuch", Status.FAIL);
        assertTrue(db.fix().startsWith("CREATE DATABASE `nosuch`;"), db.fix());
        PrecheckReport tables = run("objects:\n  - {database: shop, tables: [customers, invoices]}\n");
        assertItem(tables, "object-exists.a.shop.invoices", Status.FAIL);
    }

    @Test
    void shouldFailATableTheTargetMustHaveWithoutSchemaSync() {
        PrecheckReport report = run("sync: {types: [full, incremental], ddl: false}\n" + WHOLE_SHOP);
        CheckItem item = assertItem(report, "object-exists.b.shop.customers", Status.FAIL);
        assertTrue(item.fix().contains("SHOW CREATE TABLE `shop`.`customers`"), item.fix());
    }

    @Test
    void shouldFailAnExistingTableOfTheSameNameOnTheTarget() {
        sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(100),"
                + " email VARCHAR(200) NOT NULL, UNIQUE KEY uk_email (email)) CHARSET utf8mb4");
        try {
            CheckItem item = assertItem(run(WHOLE_SHOP), "conflicting-tables.b.shop.customers", Status.FAIL);
            assertTrue(item.fix().contains("DROP TABLE `shop`.`customers`"), item.fix());
            PrecheckReport ignore = run("sync: {conflictingTables: ignore-and-proceed}\n" + WHOLE_SHOP);
            CheckItem kept = assertItem(ignore, "conflicting-tables.b", Status.PASS);
            assertTrue(kept.found().contains("1 existing tables on node b are kept"), kept.found());
            sql(b, "ALTER TABLE shop.customers ADD COLUMN note TEXT");
            assertItem(run("sync: {conflictingTables: ignore-and-proceed}\n" + WHOLE_SHOP),
                    "conflicting-tables.b.shop.customers", Status.WARN);
        } finally {
            sql(b, "DROP DATABASE shop");
        }
    }

    @Test
    void shouldWarnAThreeByteDestinationForAFourByteSource() {
        sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(100),"
                + " email VARCHAR(200) NOT NULL, UNIQUE KEY uk_email (email)) CHARSET utf8mb3");
        try {
            CheckItem item = assertItem(run("sync: {conflictingTables: ignore-and-proceed}\n" + WHOLE_SHOP),
                    "charset.b.shop.customers", Status.WARN);
            assertTrue(item.ignorable());
            assertTrue(item.fix().contains("CONVERT TO CHARACTER SET utf8mb4"), item.fix());
        } finally {
            sql(b, "DROP DATABASE shop");
        }
    }

    @Test
    void shouldWarnAForeignKeyThatCascades() {
        sql(a, "CREATE TABLE shop.order_lines (id INT PRIMARY KEY, order_id BIGINT NOT NULL,"
                + " CONSTRAINT fk_order FOREIGN KEY (order_id) REFERENCES shop.orders (id) ON DELETE CASCADE)");
        try {
            CheckItem item = assertItem(run(WHOLE_SHOP), "fk-cascade.a.shop.order_lines", Status.WARN);
            assertTrue(item.found().contains("fk_order (ON DELETE CASCADE"), item.found());
            assertTrue(item.fix().contains("ON DELETE RESTRICT ON UPDATE RESTRICT"), item.fix());
        } finally {
            sql(a, "DROP TABLE shop.order_lines");
        }
    }

    @Test
    void shouldWarnATriggerOnADestinationTable() {
        sql(b, "CREATE DATABASE shop", "CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(100),"
                        + " email VARCHAR(200) NOT NULL, UNIQUE KEY uk_email (email)) CHARSET utf8mb4",
                "CREATE TRIGGER shop.customers_audit AFTER INSERT ON shop.customers FOR EACH ROW SET @n = 1");
        try {
            CheckItem item = assertItem(run("sync: {conflictingTables: ignore-and-proceed}\n" + WHOLE_SHOP),
                    "triggers.b.shop.customers", Status.WARN);
            assertTrue(item.fix().contains("DROP TRIGGER `shop`.`customers_audit`;"), item.fix());
        } finally {
            sql(b, "DROP DATABASE shop");
        }
    }

    @Test
    void shouldWarnInvisibleColumns() {
        sql(a, "CREATE TABLE shop.secrets (id INT PRIMARY KEY, hidden INT INVISIBLE)");
        try {
            CheckItem item = assertItem(run(WHOLE_SHOP), "invisible-columns.a.shop.secrets", Status.WARN);
            assertTrue(item.found().contains("hidden"), item.found());
        } finally {
            sql(a, "DROP TABLE shop.secrets");
        }
    }

    @Test
    void shouldFailAnAccountWithoutReplicationOrCreatePrivileges() {
        sql(a, "CREATE USER 'limited'@'%' IDENTIFIED BY 'Limited-pw-1'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO 'limited'@'%'");
        sql(b, "CREATE USER 'limited'@'%' IDENTIFIED BY 'Limited-pw-1'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON *.* TO 'limited'@'%'");
        try {
            String yaml = "task: precheck-it\n" + Sandboxes.nodes(a, "limited", b, "limited", "preferred") + WHOLE_SHOP;
            PrecheckReport report = new Precheck(Sandboxes.secrets(Map.of("PW_A", "Limited-pw-1",
                    "PW_B", "Limited-pw-1"))).check(Sandboxes.config(yaml), List.of());
            CheckItem replication = assertItem(report, "privileges.a.replication", Status.FAIL);
            assertEquals("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'limited'@'%';", replication.fix());
            CheckItem create = assertItem(report, "privileges.b.create", Status.FAIL);
            assertTrue(create.fix().contains("GRANT CREATE, ALTER, INDEX, REFERENCES, DROP"), create.fix());
            CheckItem write = assertItem(report, "privileges.a.write", Status.FAIL);
            assertTrue(write.found().contains("CREATE on `duplex`.*"), write.found());
            assertItem(report, "privileges.a.read", Status.PASS);
        } finally {
            sql(a, "DROP USER 'limited'@'%'");
            sql(b, "DROP USER 'limited'@'%'");
        }
    }

    @Test
    void shouldUseTlsWhereTheServerOffersItAndFailRequiredTlsWhereItDoesNot() {
        String yaml = "task: precheck-it\n" + Sandboxes.nodes(a, a.user(), b, b.user(), "required") + WHOLE_SHOP;
        PrecheckReport report = new Precheck(Sandboxes.secrets(a, b)).check(Sandboxes.config(yaml), List.of());
        CheckItem tls = assertItem(report, "tls.a", Status.PASS);
        assertTrue(tls.found().startsWith("encrypted with "), tls.found());
        CheckItem b2 = assertItem(report, "connectivity.b", Status.FAIL);
        assertTrue(b2.fix().startsWith("enable TLS on the server"), b2.fix());
        assertTrue(assertItem(report, "binlog-format.b", Status.FAIL).found().startsWith("not checked: node b"));
    }

    @Test
    void shouldFailACertificateTheJvmDoesNotTrustWithVerifyCa() {
        String yaml = "task: precheck-it\n" + Sandboxes.nodes(a, a.user(), b, b.user(), "verify-ca") + WHOLE_SHOP;
        PrecheckReport report = new Precheck(Sandboxes.secrets(a, b)).check(Sandboxes.config(yaml), List.of());
        CheckItem item = assertItem(report, "connectivity.a", Status.FAIL);
        assertTrue(item.fix().contains("set nodes.a.tlsCa to the PEM bundle of the CA"), item.fix());
        assertTrue(item.found().contains("is not signed by a CA this node trusts"), item.found());
    }

    @Test
    void shouldFailMoreThanAThousandTablesWhenNamesAreEdited() {
        sql(a, "CREATE DATABASE big");
        // Aria: creating 1,001 tables is much quicker than with InnoDB's file per table.
        // (They fail storage-engine too; only table-limit is looked at here.)
        sql(a, IntStream.rangeClosed(0, 1000)
                .mapToObj(i -> "CREATE TABLE big.t" + i + " (id INT PRIMARY KEY) ENGINE=Aria").toArray(String[]::new));
        try {
            CheckItem item = assertItem(run("objects:\n  - {database: big, renameTo: big_copy}\n"), "table-limit",
                    Status.FAIL);
            assertTrue(item.found().startsWith("1001 tables selected"), item.found());
            assertItem(run("objects: [big]\n"), "table-limit", Status.PASS);
        } finally {
            sql(a, "DROP DATABASE big");
        }
    }
}
