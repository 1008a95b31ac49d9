package dev.duplex.capture;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /health}: liveness only, {@code {"state":"STREAMING"}}, status 200 unless the capture
 * FAILED (503). It listens on the loopback address unless told otherwise: the container's health
 * check runs inside the container, and nothing else needs it. The body names no task, position,
 * counter or reason: why a capture failed is in its log and in {@code duplex status}, which need
 * credentials, not a reachable port. Built on the JDK's HTTP server: no framework.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    /** On the loopback address. */
    public HealthServer(int port, Supplier<CaptureStatus> status) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, status);
    }

    public HealthServer(InetAddress address, int port, Supplier<CaptureStatus> status) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 0);
        server.createContext("/health", exchange -> respond(exchange, status.get()));
        server.setExecutor(null);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetAddress address() {
        return server.getAddress().getAddress();
    }

    /** The body: the state alone (an enum name, nothing to escape). */
    static String json(CaptureStatus s) {
        return "{\"state\":\"" + s.state() + "\"}";
    }

    private static void respond(HttpExchange exchange, CaptureStatus s) throws IOException {
        byte[] body = json(s).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(s.state().healthy() ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
