package dev.duplex.cli.e2e;

import static dev.duplex.cli.e2e.DdlShapes.exec;
import static dev.duplex.cli.e2e.DdlShapes.showCreate;
import static dev.duplex.cli.e2e.DdlShapes.tableExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pt-online-schema-change's statement sequence on a selected table stops the task FAILED with
 * the reason and the fix, before node b gets the swap; with the table listed and with its
 * database selected whole (where the tool's _items_new is itself selected, and reaches node b
 * until the tool's triggers stop the task).
 */
class PtOscIT {
    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE shop");
            st.execute("CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
        }
    }

    @Test
    void shouldFailTheTaskWhenPtOscChangesAListedTable() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-pt-osc", "- database: shop\n  tables: [items]",
                "ddl: true", PtOscIT::createSchema)) {
            runPtOsc(cluster);
            assertFailedForPtOsc(cluster);
            assertFalse(tableExists(cluster.b(), "shop", "_items_new"), "an unlisted table stays off node b");
        }
    }

    @Test
    void shouldFailTheTaskWhenPtOscChangesATableOfADatabaseSelectedWhole() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-pt-osc-db", "- shop", "ddl: true",
                PtOscIT::createSchema)) {
            runPtOsc(cluster);
            assertFailedForPtOsc(cluster);
            // The copy table is a table of the database like any other: created on b before the triggers stop the task.
            assertTrue(tableExists(cluster.b(), "shop", "_items_new"), cluster.describe());
        }
    }

    /** pt-online-schema-change 3's statements for --alter "ADD COLUMN sku VARCHAR(10)" on shop.items. */
    private static void runPtOsc(SyncCluster cluster) throws Exception {
        cluster.startRuntime();
        MySqlServer a = cluster.a();
        exec(a, "INSERT INTO shop.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        cluster.awaitDrained(Duration.ofSeconds(30));
        exec(a, "CREATE TABLE `shop`.`_items_new` (\n  `id` int(11) NOT NULL,\n  `name` varchar(20) NOT NULL,\n"
                        + "  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
                "ALTER TABLE `shop`.`_items_new` ADD COLUMN sku VARCHAR(10)",
                "CREATE TRIGGER `shop`.`pt_osc_shop_items_del` AFTER DELETE ON `shop`.`items` FOR EACH ROW BEGIN DECLARE "
                        + "CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `shop`.`_items_new` WHERE "
                        + "`shop`.`_items_new`.`id` <=> OLD.`id`; END",
                "CREATE TRIGGER `shop`.`pt_osc_shop_items_upd` AFTER UPDATE ON `shop`.`items` FOR EACH ROW BEGIN DECLARE "
                        + "CONTINUE HANDLER FOR 1146 begin end; DELETE IGNORE FROM `shop`.`_items_new` WHERE !(OLD.`id` "
                        + "<=> NEW.`id`) AND `shop`.`_items_new`.`id` <=> OLD.`id`; REPLACE INTO `shop`.`_items_new` "
                        + "(`id`, `name`) VALUES (NEW.`id`, NEW.`name`); END",
                "CREATE TRIGGER `shop`.`pt_osc_shop_items_ins` AFTER INSERT ON `shop`.`items` FOR EACH ROW BEGIN DECLARE "
                        + "CONTINUE HANDLER FOR 1146 begin end; REPLACE INTO `shop`.`_items_new` (`id`, `name`) VALUES "
                        + "(NEW.`id`, NEW.`name`);END",
                "INSERT LOW_PRIORITY IGNORE INTO `shop`.`_items_new` (`id`, `name`) SELECT `id`, `name` FROM "
                        + "`shop`.`items` FORCE INDEX(`PRIMARY`) WHERE ((`id` >= '1')) AND ((`id` <= '3')) LOCK IN SHARE "
                        + "MODE /*pt-online-schema-change 4242 copy nibble*/",
                "INSERT INTO shop.items VALUES (4, 'during')",
                "ANALYZE TABLE `shop`.`_items_new` /* pt-online-schema-change */",
                "RENAME TABLE `shop`.`items` TO `shop`.`_items_old`, `shop`.`_items_new` TO `shop`.`items`",
                "DROP TABLE IF EXISTS `shop`.`_items_old`",
                "DROP TRIGGER IF EXISTS `shop`.`pt_osc_shop_items_del`",
                "DROP TRIGGER IF EXISTS `shop`.`pt_osc_shop_items_upd`",
                "DROP TRIGGER IF EXISTS `shop`.`pt_osc_shop_items_ins`");
    }

    private static void assertFailedForPtOsc(SyncCluster cluster) throws SQLException {
        Await.until("the task to fail on pt-online-schema-change", Duration.ofSeconds(60),
                () -> cluster.status().task().state() == TaskState.FAILED, cluster::describe);
        String reason = cluster.status().task().stateReason();
        assertTrue(reason.contains("pt-online-schema-change is changing selected table `shop`.`items`")
                && reason.contains("pt_osc_shop_items_del") && reason.contains("onlineDdl: {tool: gh-ost}"), reason);
        String b = showCreate(cluster.b(), "TABLE", "shop", "items").orElseThrow();
        assertFalse(b.contains("sku"), "node b keeps its table: " + b);
        assertEquals(3, rowsOnB(cluster), "nothing after the tool's trigger reached node b");
    }

    private static int rowsOnB(SyncCluster cluster) throws SQLException {
        try (Connection c = cluster.b().connect(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT COUNT(*) FROM shop.items")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
