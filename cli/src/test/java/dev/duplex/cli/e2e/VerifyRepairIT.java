package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.cli.CliRun;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While both nodes write, rows of node b are damaged behind Duplex's back (sql_log_bin=0): an
 * update, a delete, an extra row, a NULLed column. {@code duplex verify} names exactly those four
 * keys, not the live rows merely in flight, and exits 1; {@code duplex verify --repair} under the
 * same writes leaves both nodes identical, which pt-table-sync (percona-toolkit) confirms.
 */
class VerifyRepairIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OBJECTS = "- database: vr";
    private static final int ROWS = 3000;

    @TempDir
    Path dir;

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE vr");
            st.execute("CREATE TABLE vr.items (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT NULL,"
                    + " note VARCHAR(40) NULL)");
            st.execute("CREATE TABLE vr.live (id INT PRIMARY KEY, n INT NOT NULL)");
            st.execute("INSERT INTO vr.items SELECT seq, CONCAT('item-', seq), seq % 17, IF(seq % 3 = 0, NULL, 'n')"
                    + " FROM vr.seq_1_to_" + ROWS);
        }
    }

    @Test
    void shouldNameExactlyTheDamagedRowsAndRepairThemWhileBothNodesWrite() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, "e2e-verify", OBJECTS, "conflictPolicy: task-failed",
                VerifyRepairIT::createSchema)) {
            cluster.startRuntime();
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread onA = writer(cluster.a(), 0, writing);
            Thread onB = writer(cluster.b(), 1, writing);
            try {
                Thread.sleep(1000);
                damage(cluster.b());
                String config = cluster.nodes().configFile().toString();

                CliRun found = CliRun.of("verify", "-c", config, "--json", "--chunk-size", "500");
                assertEquals(1, found.exitCode(), found.out() + found.err());
                JsonNode report = JSON.readTree(found.out());
                assertEquals(Map.of("(10)", "differs", "(20)", "only on a", "(30)", "differs", "(5000)", "only on b"),
                        keys(report, "vr.items"), report.toPrettyString());
                assertEquals(0, table(report, "vr.live").get("differences").asInt(),
                        "no live row merely in flight is reported: " + report.toPrettyString());
                assertTrue(report.get("rechecked").asBoolean(), report.toPrettyString());

                String before = ptTableSync(cluster.a(), cluster.b());
                assertTrue(before.contains("`vr`.`items`") && before.contains("5000"),
                        "pt-table-sync sees the damage too (so its silence below means something):\n" + before);

                CliRun repaired = CliRun.of("verify", "-c", config, "--repair", "--chunk-size", "500");
                assertEquals(0, repaired.exitCode(), repaired.out() + repaired.err());
                assertTrue(repaired.out().contains("REPAIRED  vr.items: 4 keys sent from node a"), repaired.out());
                assertTrue(repaired.out().contains("4 keys repaired, 0 still differ"), repaired.out());
            } finally {
                writing.set(false);
                onA.join();
                onB.join();
            }
            cluster.awaitDrained(Duration.ofSeconds(60));
            assertEquals(0, CliRun.of("verify", "-c", cluster.nodes().configFile().toString(), "--no-recheck")
                    .exitCode());
            String sync = ptTableSync(cluster.a(), cluster.b());
            assertTrue(!sync.contains("REPLACE") && !sync.contains("DELETE") && !sync.contains("INSERT")
                    && !sync.contains("UPDATE"), "pt-table-sync --print found changes to make:\n" + sync);
        }
    }

    /** Behind Duplex's back: nothing of it reaches the binlog, so nothing reaches node a. */
    private static void damage(MySqlServer b) throws SQLException {
        try (Connection c = b.connect(); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_log_bin = 0");
            st.execute("UPDATE vr.items SET name = 'damaged' WHERE id = 10");
            st.execute("DELETE FROM vr.items WHERE id = 20");
            st.execute("INSERT INTO vr.items VALUES (5000, 'extra', 1, NULL)");
            st.execute("UPDATE vr.items SET qty = NULL WHERE id = 30");
        }
    }

    /** Rows of vr.live on one node (even ids on a, odd on b), and updates of vr.items above the damaged keys. */
    private static Thread writer(MySqlServer server, int parity, AtomicBoolean writing) {
        Thread t = new Thread(() -> {
            try (Connection c = server.connect();
                 PreparedStatement live = c.prepareStatement("INSERT INTO vr.live VALUES (?, 1)"
                         + " ON DUPLICATE KEY UPDATE n = n + 1");
                 PreparedStatement item = c.prepareStatement("UPDATE vr.items SET note = ? WHERE id = ?")) {
                for (int i = 0; writing.get(); i++) {
                    live.setInt(1, (i % 200) * 2 + parity);
                    live.executeUpdate();
                    item.setString(1, "live-" + i);
                    item.setInt(2, 1000 + (i % 500) * 2 + parity);
                    item.executeUpdate();
                    TimeUnit.MILLISECONDS.sleep(2);
                }
            } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "writer-" + parity);
        t.start();
        return t;
    }

    private static Map<String, String> keys(JsonNode report, String table) {
        Map<String, String> out = new TreeMap<>();
        table(report, table).get("keys").forEach(k -> out.put(k.get("key").asText(), k.get("kind").asText()));
        return out;
    }

    private static JsonNode table(JsonNode report, String name) {
        for (JsonNode t : report.get("tables")) {
            if (t.get("table").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError(name + " not in " + report);
    }

    private static String ptTableSync(MySqlServer a, MySqlServer b) throws Exception {
        List<String> command = new ArrayList<>(List.of("pt-table-sync", "--print", "--databases", "vr",
                dsn(a), dsn(b)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pt-table-sync did not finish");
        // 0: no differences; 2: differences found (the statements printed); anything else is a failure.
        assertTrue(p.exitValue() == 0 || p.exitValue() == 2, "pt-table-sync failed (" + p.exitValue() + "):\n" + out);
        return out;
    }

    private static String dsn(MySqlServer s) {
        return "h=" + s.host() + ",P=" + s.port() + ",u=" + s.user() + ",p=" + s.password();
    }
}
