package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @Test
    void shouldAcceptTheShippedExample() {
        CliRun run = CliRun.of("validate", "-c", "../examples/two-way-local.yaml");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("valid task 'shop-sync'"), run.out());
    }

    @Test
    void shouldListEveryProblemAndExitNonZero(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                task: shop
                nodes:
                  a: {host: h1, user: u, password: hunter2}
                objects: [{database: duplex}]
                retryWindowMinutes: 5
                """);
        CliRun run = CliRun.of("validate", "-c", bad.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("nodes.a.password"), run.err());
        assertTrue(run.err().contains("nodes.b"), run.err());
        assertTrue(run.err().contains("retryWindowMinutes"), run.err());
        assertTrue(run.err().contains("objects[0]"), run.err());
        assertTrue(!run.err().contains("hunter2"), "the literal password must not be echoed");
    }

    @Test
    void jsonSaysValidWithTheTaskAndItsNodes() throws Exception {
        CliRun run = CliRun.of("validate", "-c", "../examples/two-way-local.yaml", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertTrue(doc.get("valid").asBoolean());
        assertEquals("shop-sync", doc.get("task").asText());
        assertTrue(doc.has("a") && doc.has("b"), run.out());
    }

    @Test
    void jsonListsEveryProblemWithItsPathAndFixOnStandardOutput(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                task: shop
                nodes:
                  a: {host: h1, user: u, password: hunter2}
                objects: [{database: duplex}]
                """);
        CliRun run = CliRun.of("validate", "-c", bad.toString(), "--json");
        assertEquals(1, run.exitCode());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertFalse(doc.get("valid").asBoolean());
        List<String> paths = new ArrayList<>();
        doc.get("problems").forEach(p -> paths.add(p.get("path").asText()));
        assertTrue(paths.contains("nodes.b") && paths.contains("nodes.a.password"), paths.toString());
        doc.get("problems").forEach(p -> assertTrue(p.has("message") && p.has("fix"), p.toString()));
        assertFalse(run.out().contains("hunter2"), "the literal password must not be echoed");
    }
}
