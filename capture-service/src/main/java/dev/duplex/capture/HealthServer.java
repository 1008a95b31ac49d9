package dev.duplex.capture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code GET /health}: {"state":"STREAMING","position":"mysql-bin.000003:1234","lagSeconds":0.8,...},
 * status 200 unless the capture FAILED (503). Built on the JDK's HTTP server: no framework.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    public HealthServer(int port, Supplier<CaptureStatus> status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", exchange -> respond(exchange, status.get()));
        server.setExecutor(null);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static String json(CaptureStatus s) {
        return String.format(Locale.ROOT, "{\"state\":\"%s\",\"task\":\"%s\",\"direction\":\"%s\",\"position\":\"%s\","
                        + "\"lagSeconds\":%.3f,\"batchesSent\":%d,\"transactionsSent\":%d,\"loopDropped\":%d,"
                        + "\"reason\":\"%s\"}",
                s.state(), escape(s.task()), s.direction(), escape(s.position()), s.lagSeconds(), s.batchesSent(),
                s.transactionsSent(), s.loopDropped(), escape(s.reason()));
    }

    private static void respond(HttpExchange exchange, CaptureStatus s) throws IOException {
        byte[] body = json(s).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(s.state().healthy() ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
