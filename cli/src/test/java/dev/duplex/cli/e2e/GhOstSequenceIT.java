package dev.duplex.cli.e2e;

import static dev.duplex.cli.e2e.DdlShapes.exec;
import static dev.duplex.cli.e2e.DdlShapes.showCreate;
import static dev.duplex.cli.e2e.DdlShapes.tableExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gh-ost's statement sequence on node a, as gh-ost issues it (changelog table, ghost table
 * created LIKE and altered, chunked INSERT ... SELECT copy, binlog changes applied to the ghost,
 * sentry table and atomic two-table rename, old table dropped), with {@code onlineDdl.tool:
 * gh-ost}, while both nodes write to the table: node b gets the migration's ALTER at the
 * cut-over (DECIMAL(10,2) to DECIMAL(12,4) and a new column), none of gh-ost's tables or rows,
 * and ends with the same definition and rows. The capture is restarted between the ghost's ALTER
 * and the cut-over, when its checkpoint would otherwise have passed the ALTER.
 */
class GhOstSequenceIT {
    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            String db = rs.getInt(1) == 1 ? "shop" : "shop_b";
            st.execute("CREATE DATABASE " + db);
            st.execute("CREATE TABLE " + db + ".items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, "
                    + "price DECIMAL(10,2) NOT NULL)");
        }
    }

    @Test
    void shouldApplyTheMigrationsAlterAtTheCutOverWhileBothNodesWrite() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-gh-ost", "- database: shop\n  renameTo: shop_b",
                "ddl: true", "onlineDdl: {tool: gh-ost}", GhOstSequenceIT::createSchema)) {
            cluster.startRuntime();
            StringBuilder seedRows = new StringBuilder("INSERT INTO shop.items VALUES (500, 'kept', 5.25)");
            for (int id = 1; id <= 300; id++) {
                seedRows.append(", (").append(id).append(", 'seed").append(id).append("', ").append(id).append(".25)");
            }
            exec(cluster.a(), seedRows.toString());
            cluster.awaitDrained(Duration.ofSeconds(30));
            long seed = System.nanoTime();
            try (RowWriter onA = new RowWriter(cluster.a(), "shop.items", 1, 400, seed);
                 RowWriter onB = new RowWriter(cluster.b(), "shop_b.items", 1001, 400, seed + 1)) {
                MySqlServer a = cluster.a();
                exec(a, "drop /* gh-ost */ table if exists `shop`.`_items_ghc`",
                        "drop /* gh-ost */ table if exists `shop`.`_items_gho`",
                        "create /* gh-ost */ table `shop`.`_items_ghc` (\n\t\t\tid bigint auto_increment,\n\t\t\t"
                                + "last_update timestamp not null DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
                                + "\n\t\t\thint varchar(64) charset ascii not null,\n\t\t\tvalue varchar(4096) charset "
                                + "ascii not null,\n\t\t\tprimary key(id),\n\t\t\tunique key hint_uidx(hint)\n\t\t) "
                                + "auto_increment=256 comment='gh-ost changelog'",
                        "create /* gh-ost */ table `shop`.`_items_gho` like `shop`.`items`",
                        "alter /* gh-ost */ table `shop`.`_items_gho` modify column price decimal(12,4) not null, "
                                + "add column sku varchar(10) null");
                BinlogPosition afterAlter = Binlogs.end(a);
                changelog(a, "state", "GhostTableMigrated");
                copyInChunks(a, 50);
                // The capture restarts once transactions after the ghost's ALTER are applied on b.
                Await.until("b to apply past the ghost's ALTER", Duration.ofSeconds(30),
                        () -> cluster.appliedPosition(Direction.A2B).map(p -> p.compareTo(afterAlter) > 0).orElse(false),
                        cluster::describe);
                cluster.stopRuntime();
                cluster.startRuntime();
                changelog(a, "heartbeat", "after restart");
                applyBinlogChanges(a);

                onA.pause();
                onB.pause();
                cluster.awaitDrained(Duration.ofSeconds(60));
                applyBinlogChanges(a);
                cutOver(a);
                onA.scale(4);
                onB.scale(4);
                onA.resume();
                onB.resume();
                exec(a, "drop /* gh-ost */ table if exists `shop`.`_items_ghc`",
                        "drop /* gh-ost */ table if exists `shop`.`_items_del`");
                exec(a, "UPDATE shop.items SET price = 1234.5678, sku = 'S-1' WHERE id = 500",
                        "INSERT INTO shop.items VALUES (999, 'after', 12.3456, 'S-999')");
                Thread.sleep(1500);
                onA.pause();
                onB.pause();
                System.out.println("writes: a " + onA.writes() + ", b " + onB.writes());
            }
            cluster.awaitDrained(Duration.ofSeconds(60));

            assertEquals(TaskState.RUNNING, cluster.status().task().state(), cluster::describe);
            assertEquals(showCreate(cluster.a(), "TABLE", "shop", "items").orElseThrow(),
                    showCreate(cluster.b(), "TABLE", "shop_b", "items").orElseThrow());
            assertEquals(rows(cluster.a(), "shop"), rows(cluster.b(), "shop_b"));
            assertEquals(List.of("500 kept 1234.5678 S-1", "999 after 12.3456 S-999"), rows(cluster.b(), "shop_b")
                    .stream().filter(r -> r.startsWith("500 ") || r.startsWith("999 ")).toList(), "not rounded on b");
            for (String t : List.of("_items_gho", "_items_ghc", "_items_del")) {
                assertFalse(tableExists(cluster.b(), "shop_b", t), t + " must stay off node b");
            }
        }
    }

    private static void changelog(MySqlServer a, String hint, String value) throws SQLException {
        exec(a, "insert /* gh-ost */ into `shop`.`_items_ghc`\n\t\t\t\t(id, hint, value)\n\t\t\tvalues\n\t\t\t\t"
                + "(NULLIF(0, 0), '" + hint + "', '" + value + "')\n\t\t\ton duplicate key update\n\t\t\t\t"
                + "last_update=NOW(),\n\t\t\t\tvalue=VALUES(value)");
    }

    /** gh-ost's row copy: INSERT IGNORE ... SELECT over primary key ranges, under a shared lock. */
    private static void copyInChunks(MySqlServer a, int chunk) throws SQLException {
        for (int from = 0; from < 1500; from += chunk) {
            exec(a, "insert /* gh-ost `shop`.`items` */ ignore into `shop`.`_items_gho` (`id`, `name`, `price`)\n"
                    + "\t\t(select `id`, `name`, `price` from `shop`.`items` force index (`PRIMARY`)\n\t\t"
                    + "where (((`id` > " + from + ")) and ((`id` < " + (from + chunk) + ") or ((`id` = " + (from + chunk)
                    + ")))) lock in share mode\n\t\t)");
        }
    }

    /**
     * What gh-ost does with the binlog's changes of the table: REPLACE and DELETE on the ghost. The
     * test cannot tail the binlog, so it brings the ghost level with the table the same way.
     */
    private static void applyBinlogChanges(MySqlServer a) throws SQLException {
        exec(a, "replace /* gh-ost `shop`.`_items_gho` */ into `shop`.`_items_gho` (`id`, `name`, `price`) "
                        + "select `id`, `name`, `price` from `shop`.`items`",
                "delete /* gh-ost `shop`.`_items_gho` */ from `shop`.`_items_gho` where `id` not in "
                        + "(select `id` from `shop`.`items`)");
    }

    /** gh-ost's atomic cut-over: sentry table, LOCK, RENAME from a second session, DROP sentry, UNLOCK. */
    private static void cutOver(MySqlServer a) throws Exception {
        try (Connection lock = a.connect(); Statement st = lock.createStatement()) {
            st.execute("create /* gh-ost */ table `shop`.`_items_del` (\n\t\t\tid int auto_increment primary key\n\t\t) "
                    + "engine=InnoDB comment='ghost-cut-over-sentry'");
            st.execute("lock /* gh-ost */ tables `shop`.`items` write, `shop`.`_items_del` write");
            CompletableFuture<Void> rename = CompletableFuture.runAsync(() -> {
                try {
                    exec(a, "rename /* gh-ost */ table `shop`.`items` to `shop`.`_items_del`, "
                            + "`shop`.`_items_gho` to `shop`.`items`");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the rename waits for the lock, as gh-ost checks in the processlist
            st.execute("drop /* gh-ost */ table if exists `shop`.`_items_del`");
            st.execute("unlock tables");
            rename.get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> rows(MySqlServer node, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, name, price, sku FROM " + db + ".items ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return out;
    }
}
