package dev.duplex.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.http.BadRequestException;
import dev.duplex.precheck.http.PrecheckRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /precheck} on loopback, with the same request and response as the precheck
 * function behind API Gateway: 200 with the report, 400 with every problem for a bad request.
 */
public final class LocalPrecheckServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPrecheckServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Precheck precheck;

    private LocalPrecheckServer(HttpServer server, Precheck precheck) {
        this.server = server;
        this.precheck = precheck;
    }

    /** Starts on 127.0.0.1 and the given port (0: any free port). */
    public static LocalPrecheckServer start(int port, SecretResolver secrets) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        LocalPrecheckServer s = new LocalPrecheckServer(http, new Precheck(secrets));
        http.createContext("/precheck", s::handle);
        // One request at a time: a precheck opens connections to both nodes; callers are people.
        http.setExecutor(Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("precheck-http").daemon().unstarted(r)));
        http.start();
        return s;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/precheck");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, Map.of("error", "use POST /precheck"));
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                PrecheckRequest request = PrecheckRequest.parse(body);
                send(ex, 200, precheck.check(request.config(), request.acknowledge()));
            } catch (BadRequestException bad) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("error", bad.getMessage());
                out.put("problems", bad.problems());
                send(ex, 400, out);
            } catch (RuntimeException e) {
                LOG.error("precheck request failed: {}", e.toString());
                send(ex, 500, Map.of("error", "precheck failed: " + e.getMessage()));
            }
        }
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
