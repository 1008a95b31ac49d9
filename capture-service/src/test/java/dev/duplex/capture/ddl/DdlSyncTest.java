package dev.duplex.capture.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.decode.CatalogTable;
import dev.duplex.capture.testing.Configs;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.IncompatibleSourceException;
import dev.duplex.core.model.BinlogPosition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Statements as node b gets them: names mapped, unselected pieces cut, online DDL tools followed. */
class DdlSyncTest {
    private static final BinlogPosition FLOOR = new BinlogPosition("mysql-bin.000003", 120);

    /** shop whole, renamed shop_b; crm by tables (customers renamed clients, with a column list); uppercase. */
    static TaskConfig config(String tool) {
        return Configs.parse("""
                task: ddl
                nodes:
                  a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:DUPLEX_TEST_A}
                  b: {host: 127.0.0.1, port: 3307, user: duplex, password: env:DUPLEX_TEST_B}
                capitalization: uppercase
                onlineDdl: {tool: %s}
                objects:
                  - database: shop
                    renameTo: shop_b
                  - database: crm
                    tables:
                      - {name: customers, renameTo: clients, columns: [id, name, region]}
                      - orders
                """.formatted(tool));
    }

    private final Map<String, CatalogTable> catalog = new HashMap<>();
    private final GhostMigrations ghosts = new GhostMigrations();
    /** Node a's tables that hold rows now, as db.table. */
    private final Set<String> withRows = new HashSet<>();
    private DdlSync sync = new DdlSync(config("none"), (db, t) -> Optional.ofNullable(catalog.get(db + "." + t)),
            (db, t) -> withRows.contains(db + "." + t), ghosts);

    private List<DdlSync.Target> forward(String db, String sql) {
        Ddl d = DdlParser.parse(sql).orElseThrow(() -> new AssertionError("not parsed: " + sql));
        return sync.forward(d, db, FLOOR, "mysql-bin.000003:200");
    }

    private void assertTarget(String db, String expected, String defaultDb, String sql) {
        assertEquals(List.of(new DdlSync.Target(db, expected)), forward(defaultDb, sql), sql);
    }

    private void assertSkipped(String defaultDb, String sql) {
        assertEquals(List.of(), forward(defaultDb, sql), sql);
    }

    private void ghOst() {
        sync = new DdlSync(config("gh-ost"), (db, t) -> Optional.ofNullable(catalog.get(db + "." + t)),
                (db, t) -> withRows.contains(db + "." + t), ghosts);
    }

    @Test
    void shouldNameEveryTableAndColumnAsOnNodeB() {
        assertTarget("shop_b", "ALTER TABLE ORDERS ADD COLUMN NOTE TEXT AFTER ID", "shop",
                "ALTER TABLE orders ADD COLUMN note TEXT AFTER id");
        assertTarget("shop_b", "alter /* x */ table `shop_b`.`ORDERS` drop `NOTE`", "shop",
                "alter /* x */ table `shop`.`orders` drop `note`");
        assertTarget("shop_b", "ALTER TABLE `shop_b`.ORDERS CHANGE A B INT, RENAME COLUMN C TO D", "other",
                "ALTER TABLE shop.orders CHANGE a b INT, RENAME COLUMN c TO d");
        assertTarget("shop_b", "CREATE TABLE T3 LIKE CRM.ORDERS", "shop", "CREATE TABLE t3 LIKE crm.orders");
        assertTarget("shop_b", "TRUNCATE TABLE ORDERS", "shop", "TRUNCATE TABLE orders");
        assertTarget("shop_b", "CREATE UNIQUE INDEX ix ON ORDERS (NOTE(10), ID DESC)", "shop",
                "CREATE UNIQUE INDEX ix ON orders (note(10), id DESC)");
        assertTarget("shop_b", "DROP INDEX IF EXISTS ix ON `shop_b`.`ORDERS`", "shop",
                "DROP INDEX IF EXISTS ix ON `shop`.`orders`");
        assertTarget("shop_b", "CREATE TABLE `shop_b`.T2 (ID INT PRIMARY KEY, CUST INT, "
                        + "CONSTRAINT fk FOREIGN KEY (CUST) REFERENCES CRM.ORDERS (ID)) ENGINE=InnoDB", "",
                "CREATE TABLE shop.t2 (id INT PRIMARY KEY, cust INT, "
                        + "CONSTRAINT fk FOREIGN KEY (cust) REFERENCES crm.orders (id)) ENGINE=InnoDB");
    }

    @Test
    void shouldReadQuotesAsTheSessionsSqlModeDid() {
        Ddl ansi = DdlParser.parse("ALTER TABLE \"shop\".\"orders\" ADD COLUMN \"note\" TEXT",
                SqlQuoting.ofSqlMode("ANSI_QUOTES,STRICT_TRANS_TABLES")).orElseThrow();
        assertEquals(List.of(new DdlSync.Target("shop_b", "ALTER TABLE `shop_b`.`ORDERS` ADD COLUMN `NOTE` TEXT")),
                sync.forward(ansi, "", FLOOR, "mysql-bin.000003:200"));
        // Without NO_BACKSLASH_ESCAPES the string would run on to the end and hide the second column.
        Ddl nbe = DdlParser.parse("ALTER TABLE orders ADD COLUMN dir VARCHAR(5) DEFAULT 'C:\\', ADD COLUMN path TEXT",
                SqlQuoting.ofSqlMode("NO_BACKSLASH_ESCAPES")).orElseThrow();
        assertEquals(List.of(new DdlSync.Target("shop_b",
                        "ALTER TABLE ORDERS ADD COLUMN DIR VARCHAR(5) DEFAULT 'C:\\', ADD COLUMN PATH TEXT")),
                sync.forward(nbe, "shop", FLOOR, "mysql-bin.000003:200"));
    }

    @Test
    void shouldQualifyAnUnqualifiedNameOfAnUnselectedDefaultDatabase() {
        assertTarget("shop_b", "CREATE TABLE `shop_b`.T2 LIKE `OTHER`.T1", "other", "CREATE TABLE shop.t2 LIKE t1");
    }

    @Test
    void shouldKeepOnlyTheSelectedTablesOfDropAndRename() {
        assertTarget("shop_b", "DROP TABLE `shop_b`.A, CRM.`clients` /* generated by server */", "",
                "DROP TABLE shop.a, other.b, crm.customers /* generated by server */");
        assertTarget("shop_b", "DROP TABLE IF EXISTS `A`", "shop", "DROP TABLE IF EXISTS `nosuch`.`x`, `a`");
        assertTarget("shop_b", "RENAME TABLE `shop_b`.A TO `shop_b`.B", "", "RENAME TABLE shop.a TO shop.b, other.x TO other.y");
        assertSkipped("", "DROP TABLE other.a, crm.unlisted");
        var e = assertThrows(IncompatibleSourceException.class, () -> forward("", "RENAME TABLE other.x TO shop.x"));
        assertTrue(e.getMessage().contains("`other`.`x`, which the task does not synchronize, was renamed to selected "
                + "table `shop`.`x`"), e.getMessage());
    }

    /** Rows moved by a partition clause leave no row event: only a move inside the selection can follow. */
    @Test
    void shouldStopAPartitionMoveAcrossTheSelectionAndForwardOneWithinIt() {
        assertTarget("shop_b", "ALTER TABLE P EXCHANGE PARTITION p0 WITH TABLE STAGE", "shop",
                "ALTER TABLE p EXCHANGE PARTITION p0 WITH TABLE stage");
        assertTarget("shop_b", "ALTER TABLE P CONVERT PARTITION p0 TO TABLE `shop_b`.OLD", "shop",
                "ALTER TABLE p CONVERT PARTITION p0 TO TABLE `shop`.old");
        for (String[] crossing : new String[][] {
                {"crm", "ALTER TABLE orders EXCHANGE PARTITION p0 WITH TABLE unlisted", "`crm`.`orders`", "`crm`.`unlisted`"},
                {"crm", "ALTER TABLE unlisted EXCHANGE PARTITION p0 WITH TABLE orders", "`crm`.`orders`", "`crm`.`unlisted`"},
                {"", "ALTER TABLE other.p CONVERT TABLE shop.stage TO PARTITION p2 VALUES LESS THAN (30)", "`shop`.`stage`",
                        "`other`.`p`"},
                {"crm", "ALTER TABLE unlisted CONVERT PARTITION p0 TO TABLE orders", "`crm`.`orders`", "`crm`.`unlisted`"}}) {
            var e = assertThrows(IncompatibleSourceException.class, () -> forward(crossing[0], crossing[1]), crossing[1]);
            assertTrue(e.getMessage().contains("moved rows between selected table " + crossing[2] + " and " + crossing[3]
                    + ", which the task does not synchronize"), e.getMessage());
            assertTrue(e.getMessage().contains("duplex task reset ddl --yes"), e.getMessage());
        }
    }

    /**
     * A column added with a DEFAULT each server computes its own way fills node a's rows with values
     * the binlog does not carry: node b would fill its rows with others.
     */
    /** MariaDB's column compression is node b's storage choice: the attribute goes as written. */
    @Test
    void shouldForwardCompressedColumnsAsWritten() {
        for (String sql : List.of("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(300) COMPRESSED, b BLOB COMPRESSED)",
                "ALTER TABLE orders ADD COLUMN note TEXT COMPRESSED CHARACTER SET utf8mb4",
                "ALTER TABLE orders MODIFY note VARCHAR(500) /*M!100301 COMPRESSED*/ DEFAULT NULL")) {
            List<DdlSync.Target> out = forward("shop", sql);
            assertEquals(1, out.size(), sql);
            assertEquals(sql.split("COMPRESSED", -1).length, out.get(0).sql().split("COMPRESSED", -1).length,
                    out.get(0).sql());
        }
    }

    @Test
    void shouldStopAColumnAddedWithAPerServerDefaultToATableWithRows() {
        withRows.add("shop.orders");
        for (String[] added : new String[][] {
                {"ALTER TABLE orders ADD COLUMN u CHAR(36) DEFAULT (UUID())", "UUID()"},
                {"ALTER TABLE orders ADD u CHAR(36) NOT NULL DEFAULT uuid() AFTER id", "UUID()"},
                {"ALTER TABLE orders ADD COLUMN r DOUBLE DEFAULT (1 + RAND() * 10), ALGORITHM=COPY", "RAND()"},
                {"ALTER TABLE orders ADD (a INT, s DATETIME DEFAULT (SYSDATE()))", "SYSDATE()"},
                {"ALTER TABLE orders ADD COLUMN n INT DEFAULT nextval(shop.s)", "NEXTVAL()"},
                {"ALTER TABLE orders ADD COLUMN n INT DEFAULT (NEXT VALUE FOR s)", "NEXT VALUE FOR"},
                {"ALTER TABLE orders ADD COLUMN who VARCHAR(100) DEFAULT CURRENT_USER", "CURRENT_USER()"},
                {"ALTER TABLE orders ADD COLUMN sid INT DEFAULT (@@server_id)", "@@server_id"},
                {"ALTER TABLE orders ADD COLUMN k BIGINT DEFAULT (UUID_SHORT()), ADD INDEX (k)", "UUID_SHORT()"}}) {
            var e = assertThrows(IncompatibleSourceException.class, () -> forward("shop", added[0]), added[0]);
            assertTrue(e.getMessage().contains("added a column to selected table `shop`.`orders` with a DEFAULT that"
                    + " calls " + added[1] + ", which gives each server its own value"), e.getMessage());
            assertTrue(e.getMessage().contains("duplex verify --repair --source a"), e.getMessage());
            assertTrue(e.getMessage().contains("duplex task reset ddl --yes"), e.getMessage());
        }
    }

    /**
     * Such a column on an empty table (its filled rows deleted since, and those deletes follow it), a
     * default node b computes the same (node a's time), a default that only new rows take, a column
     * node b does not get: forwarded.
     */
    @Test
    void shouldForwardDefaultsBothNodesComputeAlike() {
        assertTarget("shop_b", "ALTER TABLE ORDERS ADD COLUMN U CHAR(36) DEFAULT (UUID())", "shop",
                "ALTER TABLE orders ADD COLUMN u CHAR(36) DEFAULT (UUID())");
        withRows.add("shop.orders");
        withRows.add("crm.customers");
        assertTarget("shop_b", "ALTER TABLE ORDERS ADD COLUMN T DATETIME(6) DEFAULT NOW(6), ADD D DATE DEFAULT"
                + " (CURDATE() + INTERVAL 1 DAY)", "shop", "ALTER TABLE orders ADD COLUMN t DATETIME(6) DEFAULT NOW(6),"
                + " ADD d DATE DEFAULT (CURDATE() + INTERVAL 1 DAY)");
        assertTarget("shop_b", "ALTER TABLE ORDERS ALTER COLUMN U SET DEFAULT (UUID())", "shop",
                "ALTER TABLE orders ALTER COLUMN u SET DEFAULT (UUID())");
        assertTarget("shop_b", "ALTER TABLE ORDERS ADD COLUMN R VARCHAR(10) DEFAULT 'rand()' COMMENT 'uuid()'", "shop",
                "ALTER TABLE orders ADD COLUMN r VARCHAR(10) DEFAULT 'rand()' COMMENT 'uuid()'");
        assertTarget("CRM", "ALTER TABLE `clients` ADD COLUMN NAME TEXT", "crm",
                "ALTER TABLE customers ADD COLUMN name TEXT, ADD COLUMN u CHAR(36) DEFAULT (UUID())");
    }

    @Test
    void shouldSkipDdlOfUnselectedTablesAndTheirViewsAndRoutines() {
        assertSkipped("crm", "ALTER TABLE unlisted ADD c INT");
        assertSkipped("", "CREATE TABLE other.t (id INT)");
        assertSkipped("crm", "CREATE VIEW v AS SELECT * FROM orders");
        assertSkipped("crm", "CREATE PROCEDURE p() SELECT 1");
    }

    @Test
    void shouldCreateViewsAndRoutinesWithoutDefinerAndWithNodeBTables() {
        assertTarget("shop_b", "CREATE ALGORITHM=UNDEFINED  SQL SECURITY DEFINER VIEW `V` AS SELECT T.a, x.id "
                        + "FROM T JOIN `shop_b`.T2 x ON x.id=T.id", "shop",
                "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS SELECT t.a, "
                        + "x.id FROM t JOIN shop.t2 x ON x.id=t.id");
        assertTarget("shop_b", "CREATE  PROCEDURE `p`(IN k INT)\nBEGIN INSERT INTO T VALUES (k, k); "
                        + "UPDATE T2 SET a = 5 WHERE id = k; DELETE FROM CRM.`clients` WHERE id = k; END", "shop",
                "CREATE DEFINER=`root`@`localhost` PROCEDURE `p`(IN k INT)\nBEGIN INSERT INTO t VALUES (k, k); "
                        + "UPDATE t2 SET a = 5 WHERE id = k; DELETE FROM crm.customers WHERE id = k; END");
        assertTarget("shop_b", "CREATE  FUNCTION `shop_b`.`f`(k INT) RETURNS int(11)\n    READS SQL DATA\n"
                        + "RETURN (SELECT a FROM T WHERE id = k)", "other",
                "CREATE DEFINER=`root`@`localhost` FUNCTION `shop`.`f`(k INT) RETURNS int(11)\n    READS SQL DATA\n"
                        + "RETURN (SELECT a FROM t WHERE id = k)");
    }

    @Test
    void shouldApplyOnlyTheClausesOfSelectedColumnsOnATableWithAColumnList() {
        assertTarget("CRM", "ALTER TABLE `clients` MODIFY NAME VARCHAR(100) , ALGORITHM=INPLACE", "crm",
                "ALTER TABLE customers ADD COLUMN secret INT, MODIFY name VARCHAR(100) AFTER secret, "
                        + "ADD INDEX (secret), ALGORITHM=INPLACE");
        assertSkipped("crm", "ALTER TABLE customers DROP COLUMN secret, ALGORITHM=INPLACE");
        assertSkipped("crm", "CREATE INDEX ix ON customers (name, secret)");
        assertTarget("CRM", "CREATE INDEX ix ON `clients` (NAME, REGION)", "crm",
                "CREATE INDEX ix ON customers (name, region)");
        assertTarget("CRM", "CREATE TABLE `clients` (ID INT PRIMARY KEY, NAME TEXT, INDEX (NAME))", "crm",
                "CREATE TABLE customers (id INT PRIMARY KEY, secret INT, name TEXT, INDEX (name), KEY (secret, name))");
        assertSkipped("crm", "ALTER TABLE customers ADD COLUMN total INT AS (secret * 2)");
    }

    @Test
    void shouldLeaveOutForeignKeysToTablesNodeBDoesNotHave() {
        assertTarget("shop_b", "ALTER TABLE ORDERS ADD COLUMN X INT", "shop",
                "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (cid) REFERENCES other.c (id), ADD COLUMN x INT");
    }

    @Test
    void shouldRecapitalizeColumnsInExpressionsButNotFunctionsOrUnits() {
        catalog.put("shop.orders", new CatalogTable(List.of(col("id"), col("price"), col("day")), List.of("id"),
                List.of(), "InnoDB"));
        assertTarget("shop_b", "ALTER TABLE ORDERS ADD COLUMN TOTAL DECIMAL(12,4) AS (PRICE * 2) VIRTUAL, "
                        + "ADD CONSTRAINT chk CHECK (`PRICE` > 0 AND DATE_ADD(NOW(), INTERVAL 1 DAY) > '2000-01-01')",
                "shop", "ALTER TABLE orders ADD COLUMN total DECIMAL(12,4) AS (price * 2) VIRTUAL, "
                        + "ADD CONSTRAINT chk CHECK (`price` > 0 AND DATE_ADD(NOW(), INTERVAL 1 DAY) > '2000-01-01')");
    }

    private static CatalogTable.Column col(String name) {
        return new CatalogTable.Column(name, "int", "int(11)", null, false, false);
    }

    @Test
    void shouldReadNamesInExecutableCommentsAndSkipOtherComments() {
        assertTarget("shop_b", "/*!40000 ALTER TABLE `shop_b`.`ORDERS` DISABLE KEYS */", "",
                "/*!40000 ALTER TABLE `shop`.`orders` DISABLE KEYS */");
        assertTarget("shop_b", "ALTER # orders\nTABLE -- orders\n ORDERS /* orders */ ADD `X` INT", "shop",
                "ALTER # orders\nTABLE -- orders\n orders /* orders */ ADD `x` INT");
    }

    @Test
    void shouldTurnGhOstsCutOverIntoItsAlterOnTheRealTable() {
        ghOst();
        assertSkipped("", "drop /* gh-ost */ table if exists `shop`.`_orders_ghc`");
        assertSkipped("", "create /* gh-ost */ table `shop`.`_orders_ghc` (id bigint auto_increment, "
                + "last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, hint "
                + "varchar(64) charset ascii not null, value varchar(4096) charset ascii not null, primary key(id), "
                + "unique key hint_uidx(hint)) auto_increment=256 comment='gh-ost changelog'");
        assertSkipped("", "create /* gh-ost */ table `shop`.`_orders_gho` like `shop`.`orders`");
        assertSkipped("", "alter /* gh-ost */ table `shop`.`_orders_gho` modify price decimal(12,4) not null, add sku varchar(10)");
        assertTrue(ghosts.anyPending());
        assertSkipped("", "create /* gh-ost */ table `shop`.`_orders_del` (id int auto_increment primary key) "
                + "engine=InnoDB comment='ghost-cut-over-sentry'");
        assertSkipped("", "drop /* gh-ost */ table if exists `shop`.`_orders_del`");
        assertTarget("shop_b", "ALTER TABLE `shop_b`.`ORDERS` modify PRICE decimal(12,4) not null, add SKU varchar(10)",
                "", "rename /* gh-ost */ table `shop`.`orders` to `shop`.`_orders_del`, `shop`.`_orders_gho` to "
                        + "`shop`.`orders`");
        assertTrue(!ghosts.anyPending());
        assertSkipped("", "drop /* gh-ost */ table if exists `shop`.`_orders_del`");
    }

    @Test
    void shouldFollowGhOstsTwoStepCutOver() {
        ghOst();
        assertSkipped("shop", "ALTER TABLE _t_gho ADD c INT");
        assertSkipped("shop", "RENAME TABLE t TO _t_del");
        assertTarget("shop_b", "ALTER TABLE T ADD C INT", "shop", "RENAME TABLE _t_gho TO t");
    }

    @Test
    void shouldStopAtAGhOstCutOverWhoseAlterItDidNotRead() {
        ghOst();
        var e = assertThrows(IncompatibleSourceException.class, () -> forward("shop",
                "RENAME TABLE t TO _t_del, _t_gho TO t"));
        assertTrue(e.getMessage().startsWith("gh-ost's cut-over of `shop`.`t` was read, but not the ALTER"),
                e.getMessage());
        // A migration of a table the task does not synchronize is not kept.
        assertSkipped("crm", "ALTER TABLE _unlisted_gho ADD c INT");
        assertTrue(!ghosts.anyPending());
        // A migration abandoned (its ghost dropped) leaves nothing pending.
        assertSkipped("shop", "ALTER TABLE _u_gho ADD c INT");
        assertSkipped("shop", "DROP TABLE _u_gho");
        assertTrue(!ghosts.anyPending());
    }

    @Test
    void shouldStopAtPtOnlineSchemaChangeOnASelectedTable() {
        // Its copy table is a table like any other: of a database selected whole it is published...
        assertTarget("shop_b", "CREATE TABLE `shop_b`.`_ORDERS_NEW` (ID INT PRIMARY KEY)", "",
                "CREATE TABLE `shop`.`_orders_new` (id INT PRIMARY KEY)");
        assertSkipped("", "CREATE TABLE `crm`.`_orders_new` (id INT PRIMARY KEY)");
        // ...but its triggers on the selected table stop the task, whatever the selection.
        assertThrows(IncompatibleSourceException.class, () -> forward("crm", "CREATE TRIGGER pt_osc_crm_orders_del "
                + "AFTER DELETE ON orders FOR EACH ROW DELETE IGNORE FROM _orders_new WHERE id = OLD.id"));
        var trigger = assertThrows(IncompatibleSourceException.class, () -> forward("", "CREATE DEFINER=`root`@`%` "
                + "TRIGGER `pt_osc_shop_orders_ins` AFTER INSERT ON `shop`.`orders` FOR EACH ROW REPLACE INTO "
                + "`shop`.`_orders_new` (`id`) VALUES (NEW.`id`)"));
        assertTrue(trigger.getMessage().startsWith("pt-online-schema-change is changing selected table "
                + "`shop`.`orders` on node a (capture read its trigger pt_osc_shop_orders_ins)"), trigger.getMessage());
        assertTrue(trigger.getMessage().contains("onlineDdl: {tool: gh-ost}"), trigger.getMessage());
        var swap = assertThrows(IncompatibleSourceException.class, () -> forward("",
                "RENAME TABLE `shop`.`orders` TO `shop`.`_orders_old`, `shop`.`_orders_new` TO `shop`.`orders`"));
        assertTrue(swap.getMessage().contains("its table swap"), swap.getMessage());
        // Not on a table the task does not synchronize.
        assertSkipped("", "CREATE TRIGGER pt_osc_other_t_ins AFTER INSERT ON other.t FOR EACH ROW SET @x = 1");
    }

    /** Without renames and with capitalization as-source, node b gets every statement byte for byte. */
    @Test
    void shouldLeaveStatementsAsWrittenWhenNoNameChanges() {
        sync = new DdlSync(Configs.parse(Configs.yaml("same", "- database: shop")), (db, t) -> Optional.empty(),
                (db, t) -> false, ghosts);
        for (String sql : List.of("ALTER TABLE orders ADD COLUMN note TEXT AFTER id, ALGORITHM=INPLACE, LOCK=NONE",
                "alter /* gh-ost */ table `shop`.`orders` modify `price` decimal(12,4) not null -- done\n",
                "/*!40000 ALTER TABLE `orders` DISABLE KEYS */",
                "CREATE TABLE t (id INT PRIMARY KEY, p INT CHECK (p > 0), KEY ix ((p + 1))) PARTITION BY HASH (id) PARTITIONS 2",
                "CREATE TABLE t2 LIKE orders", "CREATE INDEX ix ON orders (note(10))", "DROP INDEX ix ON orders",
                "DROP TABLE IF EXISTS `a`,`b` /* generated by server */", "RENAME TABLE a TO b, c TO d",
                "TRUNCATE TABLE shop.orders", "CREATE OR REPLACE VIEW v AS SELECT o.id FROM orders o",
                "CREATE PROCEDURE p() BEGIN UPDATE orders SET n = n + 1; END")) {
            List<DdlSync.Target> out = forward("shop", sql);
            assertEquals(1, out.size(), sql);
            assertEquals(sql.split("COMPRESSED", -1).length, out.get(0).sql().split("COMPRESSED", -1).length,
                    out.get(0).sql());
        }
    }
}
