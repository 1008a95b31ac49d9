package dev.duplex.cli.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.cli.CliRun;
import dev.duplex.cli.RuntimeFiles;
import dev.duplex.sandbox.MySqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #17, "Failed DDL visible", as a user meets it: node b's schema has drifted, so it refuses
 * two of node a's ALTERs. The task goes on (the rows around them arrive) and {@code duplex
 * status} shows how many DDL statements b refused and the last one with its error and time.
 */
class DdlRefusedByTargetIT {
    private static final String TASK = "e2e-ddl-refused";

    @TempDir
    Path dir;

    @Test
    void shouldGoOnPastDdlNodeBRefusesAndShowTheCountAndTheLastInDuplexStatus() throws Exception {
        try (SyncCluster cluster = SyncCluster.start(dir, TASK, "- database: shop", "conflictPolicy: task-failed",
                c -> exec(c, "CREATE DATABASE shop",
                        "CREATE TABLE shop.items (id INT PRIMARY KEY, v VARCHAR(20), KEY ix_v (v))"))) {
            cluster.startRuntime();
            RuntimeFiles.publish(cluster.stateDir(), TASK, cluster.services());
            // Changed on b by hand (DDL on b is never sent to a): ix_v is gone, an ix_w is there.
            exec(cluster.b(), "ALTER TABLE shop.items DROP INDEX ix_v", "ALTER TABLE shop.items ADD INDEX ix_w (v)");
            exec(cluster.a(), "INSERT INTO shop.items VALUES (1, 'before')",
                    "ALTER TABLE shop.items DROP INDEX ix_v",
                    "INSERT INTO shop.items VALUES (2, 'between')",
                    "ALTER TABLE shop.items ADD INDEX ix_w (v)",
                    "INSERT INTO shop.items VALUES (3, 'after')");
            cluster.awaitDrained(Duration.ofSeconds(60));

            assertEquals(List.of("1 before", "2 between", "3 after"), rows(cluster.b()), "the rows around the refused DDL");
            CliRun shown = CliRun.of("status", "-c", cluster.nodes().configFile().toString(), "--state-dir",
                    cluster.stateDir().toString(), "--sample-ms", "200");
            assertEquals(0, shown.exitCode(), shown.out() + shown.err());
            assertTrue(shown.out().contains("task " + TASK + ": RUNNING"), shown.out());
            assertTrue(shown.out().contains("  a2b  DDL failures 2 (refused by the target and skipped); last at "),
                    shown.out());
            assertTrue(shown.out().contains("ALTER TABLE shop.items ADD INDEX ix_w (v) -- [MySQL error 1061] Duplicate key "
                    + "name 'ix_w'"), shown.out());
            assertTrue(shown.out().lines().noneMatch(l -> l.startsWith("  b2a  DDL")), shown.out());
        }
    }

    private static List<String> rows(MySqlServer server) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v FROM shop.items ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    private static void exec(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static void exec(MySqlServer server, String... statements) throws SQLException {
        try (Connection c = server.connect()) {
            exec(c, statements);
        }
    }
}
