package dev.duplex.precheck.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.AwsClients;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.core.store.TaskStore;
import dev.duplex.precheck.Sandboxes;
import dev.duplex.sandbox.CountingListeners;
import dev.duplex.sandbox.MySqlSandbox;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function over HTTP, as API Gateway and the command line call it: it runs the precheck of
 * its stack's task as stored in the task table (DynamoDB Local), and refuses anything else
 * before it connects anywhere or reads a secret.
 */
@QuarkusTest
@WithTestResource(TaskTable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrecheckFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static MySqlSandbox a;
    private static MySqlSandbox b;
    private static DynamoDbClient dynamo;
    private static TaskStore tasks;

    @BeforeAll
    static void start() {
        a = MySqlSandbox.start("http-a", 1);
        b = MySqlSandbox.start("http-b", 2);
        Sandboxes.sql(a, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20))");
        CountingSecrets.SECRETS_MANAGER.put(TaskTable.ARN_A, a.password());
        CountingSecrets.SECRETS_MANAGER.put(TaskTable.ARN_B, b.password());
        URI endpoint = ConfigProvider.getConfig().getValue("duplex.dynamodb-endpoint", URI.class);
        dynamo = AwsClients.dynamo(Optional.of(endpoint), Region.US_EAST_1);
        tasks = new DynamoTaskStore(dynamo, StoreTables.withPrefix(TaskTable.PREFIX), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {dynamo, a, b}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing what the test opened; nothing to check
            }
        }
    }

    /** What duplex task put stores: the nodes with their Secrets Manager references. */
    static String storedConfig(String objects) {
        return "task: " + TaskTable.TASK + "\nnodes:\n"
                + "  a: {host: 127.0.0.1, port: " + a.port() + ", user: duplex, password: \"secretsmanager:"
                + TaskTable.ARN_A + "\", tls: disabled}\n"
                + "  b: {host: 127.0.0.1, port: " + b.port() + ", user: duplex, password: \"secretsmanager:"
                + TaskTable.ARN_B + "\", tls: disabled}\n"
                + "objects: " + objects + "\n";
    }

    private static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/precheck");
    }

    @Test
    @Order(1)
    void shouldAnswer404NamingTaskPutWhileTheTaskIsNotStored() {
        post(Map.of("task", TaskTable.TASK)).then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("task 'http-it' is not stored"))
                .body("problems[0].fix", containsString("duplex task put"));
    }

    @Test
    @Order(2)
    void shouldReturnTheReportOfTheStoredTask() {
        tasks.put(TaskTable.TASK, storedConfig("[shop]"));
        Response response = post(Map.of("task", TaskTable.TASK, "acknowledge", new String[] {"no-such-item"}));
        response.then().statusCode(200).contentType(ContentType.JSON)
                .body("task", equalTo("http-it"))
                .body("passed", equalTo(true))
                .body("items.find { it.id == 'connectivity.a' }.status", equalTo("pass"))
                .body("items.find { it.id == 'binlog-format.a' }.status", equalTo("pass"))
                .body("items.find { it.id == 'primary-key.a' }.found", containsString("1 selected table"))
                .body("unmatchedAcknowledgements[0]", equalTo("no-such-item"));
        String body = response.asString();
        assertFalse(body.contains(a.password()) || body.contains(b.password()), "a password is in the report");
    }

    @Test
    @Order(3)
    void shouldDryRunOtherObjectsOnTheStoredNodesWithTheDeploymentsSecrets() {
        tasks.put(TaskTable.TASK, storedConfig("[shop]"));
        String json = "{\"task\": \"http-it\", \"config\": {\"task\": \"http-it\", \"nodes\": {"
                + "\"a\": {\"host\": \"127.0.0.1\", \"port\": " + a.port() + ", \"user\": \"duplex\", \"password\":"
                + " \"secretsmanager:" + TaskTable.ARN_A + "\", \"tls\": \"disabled\"}, \"b\": {\"host\": \"127.0.0.1\","
                + " \"port\": " + b.port() + ", \"user\": \"duplex\", \"password\": \"secretsmanager:" + TaskTable.ARN_B
                + "\", \"tls\": \"disabled\"}}, \"objects\": [\"shop\", \"billing\"]}}";
        post(json).then().statusCode(200).body("task", equalTo("http-it")).body("passed", equalTo(false))
                .body("items.find { it.id == 'connectivity.b' }.status", equalTo("pass"))
                .body("items.findAll { it.status == 'fail' }.id", hasItems("object-exists.a.billing"));
    }

    @Test
    @Order(4)
    void shouldAnswerAMalformedBodyWith400AndWhereItBreaks() {
        post("{\"task\": hunter2-secret}").then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString("the body is not valid JSON at line 1, column"))
                .body("problems[0].fix", containsString("{\"task\": \"<stored task name>\""))
                .body(not(containsString("hunter2")));
    }

    @Test
    @Order(5)
    void shouldAnswerAnEmptyBodyOrAnUnknownKeyWith400() {
        post("").then().statusCode(400).body("error", equalTo("the body is empty"));
        post("{\"configuration\": \"task: x\"}").then().statusCode(400)
                .body("error", equalTo("unknown key 'configuration'"));
    }

    @Test
    @Order(6)
    void shouldRefuseALiteralPasswordInADryRunWithoutEchoingIt() {
        String yaml = storedConfig("[shop]").replace("\"secretsmanager:" + TaskTable.ARN_A + "\"", "Sup3r-Secret-Pw");
        Response response = post(Map.of("task", TaskTable.TASK, "config", yaml));
        response.then().statusCode(400)
                .body("error", equalTo("invalid task configuration"))
                .body("problems[0].path", equalTo("config.nodes.a.password"))
                .body("problems[0].message", containsString("a literal password is not allowed"));
        assertFalse(response.asString().contains("Sup3r-Secret-Pw"));
    }

    @Test
    @Order(7)
    void shouldRefuseEveryHostileRequestBeforeConnectingOrReadingASecret() throws Exception {
        tasks.put(TaskTable.TASK, storedConfig("[shop]"));
        CountingSecrets.RESOLVED.set(0);
        List<String> wrong = new ArrayList<>();
        try (CountingListeners listeners = CountingListeners.open()) {
            String hostile = listeners.config(TaskTable.TASK, "file:/etc/hostname", "env:HOME");
            String otherSecret = listeners.config(TaskTable.TASK, "secretsmanager:" + CountingListeners.OTHER_ARN,
                    "secretsmanager:" + TaskTable.ARN_B);
            expect(wrong, "file and env", post(Map.of("task", TaskTable.TASK, "config", hostile)), 403,
                    "file: references are refused over HTTP");
            expect(wrong, "another secret", post(Map.of("task", TaskTable.TASK, "config", otherSecret)), 403,
                    "not one of this deployment's node secrets (DUPLEX_PRECHECK_SECRETS)");
            expect(wrong, "a configuration without a stored task", post(Map.of("config", hostile)), 400,
                    "task is missing");
            expect(wrong, "another task", post(Map.of("task", "other-task", "config",
                    listeners.config("other-task", "env:HOME", "env:HOME"))), 403, "serves task 'http-it' only");
            expect(wrong, "another task as stored", post(Map.of("task", "other-task")), 403, "serves task");
            expect(wrong, "text/plain", given().contentType(ContentType.TEXT)
                    .body(JSON.writeValueAsString(Map.of("config", hostile))).post("/precheck"), 415, "application/json");
            expect(wrong, "text/plain naming the stored task", given().contentType(ContentType.TEXT)
                    .body("{\"task\": \"http-it\"}").post("/precheck"), 415, "application/json");
            assertEquals(0, listeners.connections(), "a hostile request connected to our listeners");
        }
        assertEquals(0, CountingSecrets.RESOLVED.get(), "a hostile request read a secret");
        assertEquals(List.of(), wrong, "hostile requests answered otherwise than refused");
    }

    @Test
    @Order(8)
    void shouldRefuseAStoredTaskNamingSecretsOutsideTheDeploymentBeforeConnecting() throws Exception {
        CountingSecrets.RESOLVED.set(0);
        try (CountingListeners listeners = CountingListeners.open()) {
            tasks.put(TaskTable.TASK, listeners.config(TaskTable.TASK, "env:HOME",
                    "secretsmanager:" + CountingListeners.OTHER_ARN));
            String body = post(Map.of("task", TaskTable.TASK)).then().statusCode(409).extract().asString();
            assertTrue(body.contains("nodes.a.password") && body.contains("nodes.b.password"), body);
            assertEquals(0, listeners.connections(), "a stored hostile task connected to our listeners");
        } finally {
            tasks.put(TaskTable.TASK, storedConfig("[shop]"));
        }
        assertEquals(0, CountingSecrets.RESOLVED.get(), "a stored hostile task read a secret");
    }

    private static void expect(List<String> wrong, String what, Response response, int status, String error) {
        String body = response.asString();
        if (response.statusCode() != status || !body.contains(error)) {
            wrong.add(what + ": expected " + status + " naming '" + error + "', got " + response.statusCode() + " "
                    + body.substring(0, Math.min(body.length(), 300)));
        }
    }
}
