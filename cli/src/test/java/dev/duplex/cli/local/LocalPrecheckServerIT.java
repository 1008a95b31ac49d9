package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.demo.DemoSchema;
import dev.duplex.core.config.SecretResolver;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runtime's POST /precheck answers like the deployed function. */
class LocalPrecheckServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldAnswerReportsAndRefuseBadBodies(@TempDir Path dir) throws Exception {
        try (DemoCluster cluster = DemoCluster.start(dir, "precheck-http", "- database: shop", "conflictPolicy: ignore");
             LocalPrecheckServer server = LocalPrecheckServer.start(0, SecretResolver.defaults())) {
            for (var node : java.util.List.of(cluster.a(), cluster.b())) {
                try (Connection c = node.connect()) {
                    DemoSchema.create(c);
                }
            }
            HttpResponse<String> ok = post(server, JSON.writeValueAsString(
                    java.util.Map.of("config", cluster.document(), "acknowledge", java.util.List.of())));
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode report = JSON.readTree(ok.body());
            assertTrue(report.get("passed").asBoolean(), ok.body());
            assertTrue(report.get("items").size() > 20, "every check reports an item");
            assertFalse(ok.body().contains(cluster.a().password()), "no password in the report");

            HttpResponse<String> malformed = post(server, "{\"config\": \"x\", not json");
            assertEquals(400, malformed.statusCode());
            assertTrue(malformed.body().contains("not valid JSON at line 1"), malformed.body());

            String literal = cluster.document().replaceFirst("password: \"file:[^\"]*\"", "password: hunter2");
            HttpResponse<String> refused = post(server, JSON.writeValueAsString(java.util.Map.of("config", literal)));
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("literal password"), refused.body());
            assertFalse(refused.body().contains("hunter2"), "the refused password is not echoed");
        }
    }

    private static HttpResponse<String> post(LocalPrecheckServer server, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.url())
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
