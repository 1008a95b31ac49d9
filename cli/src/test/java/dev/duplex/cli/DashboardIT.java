package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.cli.dashboard.Dashboard;
import dev.duplex.cli.demo.DemoSchema;
import dev.duplex.cli.e2e.Await;
import dev.duplex.cli.e2e.SyncCluster;
import dev.duplex.core.model.Direction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and {@code status --json} of a task running on the local runtime: a real
 * Chromium renders the page, whose figures follow the rows written; the JSON parses and holds
 * the queue and latency figures; nothing is served without the run's token.
 */
class DashboardIT {
    private static final String TASK = "dash";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static SyncCluster cluster;
    private static Dashboard dashboard;
    private static long nextOrder = 1_000;

    @BeforeAll
    static void startTaskAndDashboard() throws SQLException {
        cluster = SyncCluster.start(dir.resolve("cluster"), TASK, "- database: shop", "conflictPolicy: overwrite",
                DemoSchema::create);
        cluster.startRuntime();
        RuntimeFiles.publish(cluster.stateDir(), TASK, cluster.services());
        StringWriter printed = new StringWriter();
        dashboard = Dashboard.start(0, TASK, cluster.services(), new PrintWriter(printed, true));
        assertTrue(printed.toString().contains("dashboard: " + dashboard.url()), printed.toString());
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (cluster != null) {
            RuntimeFiles.clear(cluster.stateDir());
            cluster.close();
        }
    }

    @Test
    void shouldRenderTheTaskAndFollowTheRowsAppliedInARealBrowser() throws Exception {
        HeadlessChromium chromium = new HeadlessChromium(dir);
        long first = writeOrdersAndAwaitApplied(40);
        String before = chromium.dumpDom(dashboard.url(), 3000);

        assertEquals("RUNNING", figure(before, "state"), "the page's script rendered the state");
        long rowsBefore = number(figure(before, "a2b-rows"));
        assertTrue(rowsBefore >= first, "the page shows the rows applied (" + rowsBefore + " of at least " + first + ")");
        assertTrue(figure(before, "a2b-latency").matches("[0-9,]+ ms"), figure(before, "a2b-latency"));
        assertTrue(figure(before, "a2b-queue").startsWith("~"), figure(before, "a2b-queue"));
        assertTrue(chartPoints(before, "chart-latency") >= 1, "the latency chart draws a line");

        long second = writeOrdersAndAwaitApplied(40);
        String after = chromium.dumpDom(dashboard.url(), 3000);

        long rowsAfter = number(figure(after, "a2b-rows"));
        assertTrue(rowsAfter >= second && rowsAfter > rowsBefore, "the figures updated: " + rowsBefore + " -> " + rowsAfter);
        assertTrue(number(figure(after, "samples")) > number(figure(before, "samples")), "the history grew");
        assertTrue(chartPoints(after, "chart-rps") > chartPoints(before, "chart-rps"), "the throughput chart grew");
    }

    @Test
    void shouldAnswer403ToEveryRequestWithoutTheRightToken() throws Exception {
        String url = dashboard.url();
        String base = url.substring(0, url.indexOf("?"));
        String token = url.substring(url.indexOf("token=") + 6);
        String wrong = token.substring(1) + (token.charAt(0) == 'a' ? "b" : "a");

        assertEquals(200, get(url));
        assertEquals(200, get(base + "api/status?token=" + token));
        for (String denied : new String[] {base, base + "?token=" + wrong, base + "api/status",
                base + "api/status?token=" + wrong, base + "api/status?token=", base + "x?token=" + wrong}) {
            assertEquals(403, get(denied), denied);
        }
    }

    @Test
    void shouldPrintStatusAsOneJsonDocumentWithTheTaskNameAlone() throws Exception {
        long applied = writeOrdersAndAwaitApplied(10);

        CliRun run = CliRun.of("status", TASK, "--state-dir", cluster.stateDir().toString(), "--json",
                "--sample-ms", "300");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = JSON.readTree(run.out());
        assertEquals(TASK, doc.path("task").asText());
        assertEquals("RUNNING", doc.path("state").asText());
        JsonNode a2b = doc.path("directions").path("a2b");
        assertTrue(a2b.path("rowsApplied").asLong() >= applied, a2b.toString());
        assertTrue(a2b.path("latencyMs").isNumber() && a2b.path("latencyAgeMs").isNumber(), a2b.toString());
        assertTrue(a2b.path("rowsPerSecond").isNumber(), a2b.toString());
        JsonNode queue = a2b.path("queue");
        assertTrue(queue.path("available").asBoolean(), queue.toString());
        assertEquals(0, queue.path("dlqMessages").asLong(), queue.toString());
        assertTrue(queue.path("oldestMessageAgeBasis").asText().length() > 0, queue.toString());
        assertEquals(0, doc.path("conflicts").path("total").asLong());
    }

    @Test
    void shouldAskForTheTaskWhenStatusIsGivenNoName() {
        CliRun run = CliRun.of("status", "--state-dir", cluster.stateDir().toString());

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("status needs the task: duplex status TASK"), run.err());
    }

    /** Inserts orders on node a; returns the a2b rows applied once they all arrived. */
    private static long writeOrdersAndAwaitApplied(int rows) throws SQLException {
        long target = cluster.status().rowsApplied(Direction.A2B) + rows;
        try (Connection c = cluster.a().connect();
             PreparedStatement st = c.prepareStatement("INSERT INTO shop.orders VALUES (?, 1, 1, 1, 9.99, NULL, NOW(6))")) {
            for (int i = 0; i < rows; i++) {
                st.setLong(1, nextOrder++);
                st.executeUpdate();
            }
        }
        Await.until("a2b to apply " + rows + " orders", Duration.ofSeconds(60),
                () -> cluster.status().rowsApplied(Direction.A2B) >= target, cluster::describe);
        return target;
    }

    private static String figure(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertTrue(m.find(), "no element #" + id + " in the page:\n" + dom);
        return m.group(1);
    }

    private static long number(String text) {
        assertTrue(text.matches("[0-9,]+"), "not a number: '" + text + "' (did the page's script run?)");
        return Long.parseLong(text.replace(",", ""));
    }

    private static int chartPoints(String dom, String chart) {
        Matcher svg = Pattern.compile("<svg id=\"" + chart + "\"[^>]*>(.*?)</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(svg.find(), "no chart #" + chart);
        Matcher m = Pattern.compile("data-points=\"([0-9]+)\"").matcher(svg.group(1));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static int get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
