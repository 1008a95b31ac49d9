package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.demo.DemoSchema;
import dev.duplex.core.config.DefaultSecretResolver;
import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.store.TaskStore;
import dev.duplex.sandbox.CountingListeners;
import dev.duplex.sandbox.EmbeddedDynamo;
import dev.duplex.sandbox.MySqlServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime's POST /precheck: the precheck of a task stored in DynamoDB Local, for the
 * holder of the run's token only, answered like the deployed function; a hostile request from
 * another local user or a web page connects nowhere and reads nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalPrecheckServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK = "precheck-http";
    private static final String SM_TASK = "precheck-sm";
    private static final String ARN_A = "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-local-a";
    private static final String ARN_B = "arn:aws:secretsmanager:us-east-1:123456789012:secret:duplex-local-b";
    private static final String OTHER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:someone-elses-db";

    private DemoCluster cluster;
    private EmbeddedDynamo dynamo;
    private TaskStore tasks;
    private CountingSecrets secrets;
    private LocalPrecheckServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = DemoCluster.start(dir.resolve("cluster"), TASK, "- database: shop", "conflictPolicy: ignore");
        for (var node : List.of(cluster.a(), cluster.b())) {
            try (Connection c = node.connect()) {
                DemoSchema.create(c);
            }
        }
        dynamo = EmbeddedDynamo.startInMemory();
        StoreTables tables = StoreTables.withPrefix("local-precheck-");
        TableSetup.createIfMissing(dynamo.client(), tables);
        tasks = new DynamoTaskStore(dynamo.client(), tables, Clock.systemUTC());
        tasks.put(TASK, cluster.document());
        tasks.put(SM_TASK, secretsManagerTask("[shop]"));
        secrets = new CountingSecrets(Map.of(ARN_A, cluster.a().password(), ARN_B, cluster.b().password()));
        server = LocalPrecheckServer.start(0, tasks, secrets, dir.resolve("state").resolve("precheck.token"));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {server, dynamo, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what the test opened; nothing to check
            }
        }
    }

    private String secretsManagerTask(String objects) {
        return "task: " + SM_TASK + "\nnodes:\n" + node("a", cluster.a(), ARN_A) + node("b", cluster.b(), ARN_B)
                + "sync: {types: [incremental]}\nobjects: " + objects + "\n";
    }

    private static String node(String id, MySqlServer s, String arn) {
        return "  " + id + ": {host: " + s.host() + ", port: " + s.port() + ", user: " + s.user()
                + ", password: \"secretsmanager:" + arn + "\", tls: disabled}\n";
    }

    @Test
    void shouldKeepTheTokenInAnOwnerOnlyFileOfTheStateDirectory() throws Exception {
        Path file = server.tokenFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(server.authorization(), "Bearer " + Files.readString(file).strip());
        assertTrue(server.authorization().length() > "Bearer ".length() + 40, "256 random bits");
    }

    @Test
    void shouldReturnTheReportOfAStoredTaskToTheTokenHolder() throws Exception {
        HttpResponse<String> ok = post(json(Map.of("task", TASK, "acknowledge", List.of())));
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode report = JSON.readTree(ok.body());
        assertTrue(report.get("passed").asBoolean(), ok.body());
        assertTrue(report.get("items").size() > 20, "every check reports an item");
        assertFalse(ok.body().contains(cluster.a().password()), "no password in the report");
    }

    @Test
    void shouldAnswerAnUnknownTaskWith404NamingTaskPut() throws Exception {
        HttpResponse<String> missing = post(json(Map.of("task", "never-stored")));
        assertEquals(404, missing.statusCode(), missing.body());
        assertTrue(missing.body().contains("task 'never-stored' is not stored"), missing.body());
        assertTrue(missing.body().contains("duplex task put"), missing.body());
    }

    @Test
    void shouldRefuseBadBodiesWith400() throws Exception {
        HttpResponse<String> malformed = post("{\"task\": \"x\", not json");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().contains("not valid JSON at line 1"), malformed.body());

        String literal = cluster.document().replaceFirst("password: \"file:[^\"]*\"", "password: hunter2");
        HttpResponse<String> refused = post(json(Map.of("task", TASK, "config", literal)));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("literal password"), refused.body());
        assertFalse(refused.body().contains("hunter2"), "the refused password is not echoed");
    }

    @Test
    void shouldDryRunOtherObjectsOfAStoredSecretsManagerTask() throws Exception {
        HttpResponse<String> ok = post(json(Map.of("task", SM_TASK, "config", secretsManagerTask("[shop, billing]"))));
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode report = JSON.readTree(ok.body());
        assertFalse(report.get("passed").asBoolean(), ok.body());
        assertTrue(ok.body().contains("\"id\":\"object-exists.a.billing\",\"status\":\"fail\""), ok.body());
    }

    @Test
    void shouldRefuseEveryHostileRequestBeforeConnectingOrReadingASecret() throws Exception {
        int readBefore = secrets.resolved();
        List<String> wrong = new ArrayList<>();
        try (CountingListeners listeners = CountingListeners.open()) {
            String hostile = listeners.config(TASK, "file:/etc/hostname", "env:HOME");
            String asBefore = json(Map.of("config", hostile));
            String dryRun = json(Map.of("task", TASK, "config", hostile));
            String bearer = server.authorization();
            expect(wrong, "no token", send(asBefore, "application/json", null), 401, "token");
            expect(wrong, "no token, stored task", send(json(Map.of("task", TASK)), "application/json", null), 401,
                    "token");
            expect(wrong, "a wrong token", send(dryRun, "application/json", "Bearer not-the-token"), 401, "token");
            expect(wrong, "another scheme", send(dryRun, "application/json", "Basic " + bearer), 401, "token");
            expect(wrong, "text/plain without token", send(asBefore, "text/plain", null), 401, "token");
            expect(wrong, "text/plain", send(asBefore, "text/plain", bearer), 415, "application/json");
            expect(wrong, "a form", send(dryRun, "application/x-www-form-urlencoded", bearer), 415, "application/json");
            expect(wrong, "no content type", send(dryRun, null, bearer), 415, "application/json");
            expect(wrong, "file: and env: passwords", send(dryRun, "application/json", bearer), 403,
                    "file: references are refused over HTTP");
            expect(wrong, "another secret", send(json(Map.of("task", SM_TASK, "config", listeners.config(SM_TASK,
                    "secretsmanager:" + OTHER_ARN, "secretsmanager:" + ARN_B))), "application/json", bearer), 403,
                    "is not one of the stored task's secrets");
            expect(wrong, "the stored secrets sent to our listeners", send(json(Map.of("task", SM_TASK, "config",
                    listeners.config(SM_TASK, "secretsmanager:" + ARN_A, "secretsmanager:" + ARN_B))),
                    "application/json", bearer), 403, "a dry run connects only to the stored node a");
            expect(wrong, "a task that is not stored", send(json(Map.of("task", "hostile", "config",
                    listeners.config("hostile", "env:HOME", "env:HOME"))), "application/json", bearer), 404,
                    "is not stored");
            expect(wrong, "a configuration without a task", send(asBefore, "application/json", bearer), 400,
                    "task is missing");
            assertEquals(0, listeners.connections(), "a hostile request connected to our listeners");
        }
        assertEquals(readBefore, secrets.resolved(), "a hostile request read a secret");
        assertEquals(List.of(), wrong, "hostile requests answered otherwise than refused");
    }

    private static void expect(List<String> wrong, String what, HttpResponse<String> response, int status,
                               String error) {
        if (response.statusCode() != status || !response.body().contains(error)) {
            wrong.add(what + ": expected " + status + " naming '" + error + "', got " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(response.body().length(), 300)));
        }
    }

    private static String json(Object body) throws Exception {
        return JSON.writeValueAsString(body);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return send(body, "application/json", server.authorization());
    }

    private HttpResponse<String> send(String body, String contentType, String authorization) throws Exception {
        URI url = server.url();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The developer's secrets (env:, file:) and a test Secrets Manager, counting every secret read. */
    private static final class CountingSecrets implements SecretResolver {
        private final AtomicInteger resolved = new AtomicInteger();
        private final SecretResolver delegate;

        CountingSecrets(Map<String, String> secretsManager) {
            delegate = new DefaultSecretResolver(System::getenv, ref -> {
                String value = secretsManager.get(((SecretRef.SecretsManager) ref).arn());
                if (value == null) {
                    throw new FatalException("secret " + ref.reference() + " does not exist in this test");
                }
                return new SecretValue(value);
            });
        }

        @Override
        public SecretValue resolve(SecretRef ref) {
            resolved.incrementAndGet();
            return delegate.resolve(ref);
        }

        int resolved() {
            return resolved.get();
        }
    }
}
