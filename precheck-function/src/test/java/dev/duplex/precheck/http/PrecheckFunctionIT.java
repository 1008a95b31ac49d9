package dev.duplex.precheck.http;

import dev.duplex.precheck.Sandboxes;
import dev.duplex.sandbox.MySqlSandbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The function over HTTP, as API Gateway and the command line call it. */
@QuarkusTest
class PrecheckFunctionIT {

    private static MySqlSandbox a;
    private static MySqlSandbox b;
    private static Path secrets;

    @BeforeAll
    static void start() throws IOException {
        a = MySqlSandbox.start("http-a", 1);
        b = MySqlSandbox.start("http-b", 2);
        Sandboxes.sql(a, "CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20))");
        secrets = Files.createTempDirectory("duplex-precheck-secrets");
        Files.writeString(secrets.resolve("a"), a.password() + "\n");
        Files.writeString(secrets.resolve("b"), b.password() + "\n");
    }

    @AfterAll
    static void stop() throws IOException {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        for (String f : new String[] {"a", "b"}) {
            Files.deleteIfExists(secrets.resolve(f));
        }
        Files.deleteIfExists(secrets);
    }

    private static String config() {
        return "task: http-it\nnodes:\n"
                + "  a: {host: 127.0.0.1, port: " + a.port() + ", user: duplex, password: \"file:" + secrets.resolve("a") + "\"}\n"
                + "  b: {host: 127.0.0.1, port: " + b.port() + ", user: duplex, password: \"file:" + secrets.resolve("b") + "\"}\n"
                + "objects: [shop]\n";
    }

    @Test
    void shouldReturnTheJsonReportOfAPostedConfiguration() {
        Response response = given().contentType(ContentType.JSON)
                .body(Map.of("config", config(), "acknowledge", new String[] {"no-such-item"}))
                .post("/precheck");
        response.then().statusCode(200).contentType(ContentType.JSON)
                .body("task", equalTo("http-it"))
                .body("passed", equalTo(true))
                .body("items.find { it.id == 'binlog-format.a' }.status", equalTo("pass"))
                .body("items.find { it.id == 'primary-key.a' }.found", containsString("1 selected table"))
                .body("unmatchedAcknowledgements[0]", equalTo("no-such-item"));
        String body = response.asString();
        assertFalse(body.contains(a.password()) || body.contains(b.password()), "a password is in the report");
    }

    @Test
    void shouldAcceptTheConfigurationAsAJsonObject() {
        String json = "{\"config\": {\"task\": \"http-json\", \"nodes\": {"
                + "\"a\": {\"host\": \"127.0.0.1\", \"port\": " + a.port() + ", \"user\": \"duplex\", \"password\": \"file:"
                + secrets.resolve("a") + "\"}, \"b\": {\"host\": \"127.0.0.1\", \"port\": " + b.port()
                + ", \"user\": \"duplex\", \"password\": \"file:" + secrets.resolve("b") + "\"}},"
                + " \"objects\": [\"shop\"]}}";
        given().contentType(ContentType.JSON).body(json).post("/precheck")
                .then().statusCode(200).body("task", equalTo("http-json")).body("passed", equalTo(true));
    }

    @Test
    void shouldAnswerAMalformedBodyWith400AndWhereItBreaks() {
        given().contentType(ContentType.JSON).body("{\"config\": hunter2-secret}").post("/precheck")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", containsString("the body is not valid JSON at line 1, column"))
                .body("problems[0].fix", containsString("{\"config\": \"<task configuration"))
                .body(not(containsString("hunter2")));
    }

    @Test
    void shouldAnswerAnEmptyBodyOrAnUnknownKeyWith400() {
        given().contentType(ContentType.JSON).body("").post("/precheck")
                .then().statusCode(400).body("error", equalTo("the body is empty"));
        given().contentType(ContentType.JSON).body("{\"configuration\": \"task: x\"}").post("/precheck")
                .then().statusCode(400).body("error", equalTo("unknown key 'configuration'"));
    }

    @Test
    void shouldRefuseALiteralPasswordBeforeAnyConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        Thread acceptor;
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket s = listener.accept();
                        connections.incrementAndGet();
                        s.close();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String yaml = "task: literal\nnodes:\n"
                    + "  a: {host: 127.0.0.1, port: " + listener.getLocalPort() + ", user: duplex, password: Sup3r-Secret-Pw}\n"
                    + "  b: {host: 127.0.0.1, port: " + b.port() + ", user: duplex, password: env:PW_B}\n"
                    + "objects: [shop]\n";
            Response response = given().contentType(ContentType.JSON).body(Map.of("config", yaml)).post("/precheck");
            response.then().statusCode(400)
                    .body("error", equalTo("invalid task configuration"))
                    .body("problems[0].path", equalTo("config.nodes.a.password"))
                    .body("problems[0].message", containsString("a literal password is not allowed"))
                    .body("problems[0].fix", containsString("password: env:NAME"));
            assertFalse(response.asString().contains("Sup3r-Secret-Pw"));
            assertEquals(0, connections.get(), "the function connected to a node of an invalid configuration");
        }
        acceptor.join(); // closing the listener ended it
    }
}
