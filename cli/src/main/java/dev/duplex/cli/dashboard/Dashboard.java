package dev.duplex.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duplex.cli.local.LocalServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local runtime's read-only status page on the loopback interface: the page and the JSON it
 * polls. Every request must carry this run's random token ({@code ?token=}), printed with the URL:
 * another local user or a web page in the browser (DNS rebinding) cannot read the task's status
 * (it names tables, keys and errors) without it.
 */
public final class Dashboard implements AutoCloseable {
    /** {@code --dashboard-port} value that turns the dashboard off. */
    public static final int OFF = -1;
    private static final String PAGE = "dashboard.html";

    private final HttpServer server;
    private final ExecutorService executor;
    private final StatusSampler sampler;
    private final String token;
    private final byte[] page;

    private Dashboard(HttpServer server, ExecutorService executor, StatusSampler sampler, String token, byte[] page) {
        this.server = server;
        this.executor = executor;
        this.sampler = sampler;
        this.token = token;
        this.page = page;
    }

    /**
     * Starts the dashboard of {@code task} on 127.0.0.1 and prints its URL to {@code out}.
     *
     * @param port 0 for any free port, {@link #OFF} for none (then nothing starts and close does nothing)
     */
    public static Dashboard start(int port, String task, LocalServices services, PrintWriter out) {
        if (port == OFF) {
            return new Dashboard(null, null, null, "", new byte[0]);
        }
        Dashboard d = start(port, task, services, Duration.ofSeconds(1));
        out.printf("  dashboard: %s%n", d.url());
        out.flush();
        return d;
    }

    static Dashboard start(int port, String task, LocalServices services, Duration every) {
        byte[] page = readPage();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the dashboard on 127.0.0.1:" + port + " (" + e.getMessage()
                    + "): choose another --dashboard-port, 0 for any free one, or -1 for none", e);
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon()
                .name("dashboard-http").unstarted(r));
        Dashboard d = new Dashboard(server, executor, new StatusSampler(task, services, every),
                HexFormat.of().formatHex(random), page);
        server.createContext("/", d::handle);
        server.setExecutor(executor);
        server.start();
        return d;
    }

    private static byte[] readPage() {
        try (InputStream in = Dashboard.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the duplex jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:PORT/?token=...}; empty when the dashboard is off. */
    public String url() {
        return server == null ? "" : "http://127.0.0.1:" + server.getAddress().getPort() + "/?token=" + token;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex.getRequestURI())) {
                send(ex, 403, "text/plain", "403: this dashboard needs the token of the URL duplex printed\n");
            } else if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain", "405: the dashboard is read-only\n");
            } else if (ex.getRequestURI().getPath().equals("/")) {
                send(ex, 200, "text/html; charset=utf-8", page);
            } else if (ex.getRequestURI().getPath().equals("/api/status")) {
                send(ex, 200, "application/json", sampler.json());
            } else {
                send(ex, 404, "text/plain", "404\n");
            }
        }
    }

    private boolean authorized(URI uri) {
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return MessageDigest.isEqual(pair.substring(6).getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8));
            }
        }
        return false;
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                + "connect-src 'self'; img-src data:");
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        sampler.close();
        executor.shutdownNow();
    }
}
