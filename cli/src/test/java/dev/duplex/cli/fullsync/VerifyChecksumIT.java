package dev.duplex.cli.fullsync;

import static dev.duplex.cli.fullsync.FullSyncCluster.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.cli.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differences that a chunk checksum built as pt-table-checksum builds it (the XOR of each row's
 * CRC32 of its values joined by '#') cannot see, so verify would call the nodes identical: a bulk
 * UPDATE lost on one node for an even number of rows of one length (CRC32 is affine: equal changes
 * cancel in the XOR), and a '#' that moves from one value to the next.
 */
class VerifyChecksumIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static FullSyncCluster cluster;

    @BeforeAll
    static void start() {
        cluster = FullSyncCluster.start(dir.resolve("cluster"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldFindABulkUpdateLostOnOneNodeForTwoRowsAlike() throws Exception {
        String create = "CREATE TABLE vc1.orders (id INT PRIMARY KEY, status VARCHAR(10) NOT NULL, qty INT NOT NULL)";
        for (var node : List.of(cluster.a, cluster.b)) {
            sql(node, "CREATE DATABASE vc1", create,
                    "INSERT INTO vc1.orders VALUES (10, 'PENDING', 5), (11, 'PENDING', 7), (12, 'SHIPPED', 9)");
        }
        sql(cluster.a, "UPDATE vc1.orders SET status = 'SHIPPED' WHERE status = 'PENDING'");

        assertEquals(Map.of("(10)", "differs", "(11)", "differs"), differingKeys("vc1", "vc1.orders"));
    }

    @Test
    void shouldFindASeparatorThatMovedFromOneValueToTheNext() throws Exception {
        String create = "CREATE TABLE vc2.notes (id INT PRIMARY KEY, a VARCHAR(10), b VARCHAR(10))";
        sql(cluster.a, "CREATE DATABASE vc2", create, "INSERT INTO vc2.notes VALUES (1, 'x#', 'y'), (2, 'same', NULL)");
        sql(cluster.b, "CREATE DATABASE vc2", create, "INSERT INTO vc2.notes VALUES (1, 'x', '#y'), (2, 'same', NULL)");

        assertEquals(Map.of("(1)", "differs"), differingKeys("vc2", "vc2.notes"));
    }

    /** The keys {@code duplex verify} reports for {@code table}, which must differ (exit 1). */
    private static Map<String, String> differingKeys(String db, String table) throws Exception {
        FullSyncCluster.Task task = cluster.task("verify-" + db, "", "- database: " + db);
        CliRun run = CliRun.of("verify", "-c", task.file().toString(), "--json", "--no-recheck");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        Map<String, String> keys = new TreeMap<>();
        for (JsonNode t : JSON.readTree(run.out()).get("tables")) {
            if (t.get("table").asText().equals(table)) {
                t.get("keys").forEach(k -> keys.put(k.get("key").asText(), k.get("kind").asText()));
            }
        }
        return keys;
    }
}
