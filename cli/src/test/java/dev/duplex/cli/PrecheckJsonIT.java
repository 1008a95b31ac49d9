package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.cli.demo.DemoCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** duplex precheck --json against two real servers: the report a script reads, and its exit code. */
class PrecheckJsonIT {
    @TempDir
    Path dir;

    @Test
    void jsonReportHasEveryItemAndTheVerdictTheExitCodeGives() throws Exception {
        try (DemoCluster cluster = DemoCluster.start(dir, "jsoncheck", "- database: shop",
                "types: [schema, full, incremental]")) {
            try (var c = cluster.a().connect(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE shop");
                s.execute("CREATE TABLE shop.t (id INT PRIMARY KEY, v INT)");
                s.execute("CREATE TABLE shop.nokey (v INT)");
            }
            CliRun run = CliRun.of("precheck", "-c", cluster.configFile().toString(), "--json");
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertEquals("jsoncheck", doc.get("task").asText());
            List<String> ids = new ArrayList<>();
            doc.get("items").forEach(i -> {
                ids.add(i.get("id").asText());
                assertTrue(i.has("status") && i.has("found") && i.has("fix") && i.has("node"), i.toString());
            });
            assertTrue(ids.size() > 10, "every item, passed ones too: " + ids);
            assertTrue(ids.stream().anyMatch(id -> id.startsWith("binlog-format")), ids.toString());
            boolean passed = doc.get("passed").asBoolean();
            assertEquals(passed ? 0 : 1, run.exitCode(), run.out());
            JsonNode noKey = find(doc, "primary-key.a.shop.nokey");
            assertFalse(noKey == null, "the table without a primary key is named: " + ids);
            assertFalse("PASS".equals(noKey.get("status").asText()), noKey.toString());
        }
    }

    @Test
    void jsonOfAnInvalidConfigurationNamesItsProblems() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "task: x\n");
        CliRun run = CliRun.of("precheck", "-c", bad.toString(), "--json");
        assertEquals(1, run.exitCode());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertFalse(doc.get("valid").asBoolean());
        assertTrue(doc.get("problems").size() > 0, run.out());
    }

    private static JsonNode find(JsonNode doc, String id) {
        for (JsonNode i : doc.get("items")) {
            if (i.get("id").asText().equals(id)) {
                return i;
            }
        }
        return null;
    }
}
