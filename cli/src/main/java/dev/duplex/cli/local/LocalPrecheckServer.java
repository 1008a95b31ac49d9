package dev.duplex.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.store.TaskStore;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.http.DryRunRule;
import dev.duplex.precheck.http.JsonContent;
import dev.duplex.precheck.http.PrecheckRequest;
import dev.duplex.precheck.http.RefusedRequestException;
import dev.duplex.precheck.http.StoredTaskPrecheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /precheck} on loopback, with the request and response of the precheck function
 * behind API Gateway: the precheck of a task stored in the local runtime's DynamoDB Local,
 * 200 with the report, the function's refusals otherwise. Only a caller holding the per-run
 * token ({@code Authorization: Bearer <token>}, see {@link PrecheckToken}) and sending
 * application/json gets that far: anything else is answered 401 or 415 before the body is read.
 */
public final class LocalPrecheckServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPrecheckServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A task configuration is a few KiB; anything far larger is not a precheck request. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final StoredTaskPrecheck precheck;
    private final PrecheckToken token;
    private final Path tokenFile;

    private LocalPrecheckServer(HttpServer server, StoredTaskPrecheck precheck, PrecheckToken token, Path tokenFile) {
        this.server = server;
        this.precheck = precheck;
        this.token = token;
        this.tokenFile = tokenFile;
    }

    /**
     * Starts on 127.0.0.1 and the given port (0: any free port), with a new token written to
     * {@code tokenFile} (owner-only; deleted on close).
     *
     * @param tasks the stored tasks it prechecks (the local runtime's task table)
     */
    public static LocalPrecheckServer start(int port, TaskStore tasks, SecretResolver secrets, Path tokenFile)
            throws IOException {
        PrecheckToken token = PrecheckToken.create(tokenFile);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        StoredTaskPrecheck precheck = new StoredTaskPrecheck(tasks, Optional.empty(), DryRunRule.storedSecrets(),
                new Precheck(secrets));
        LocalPrecheckServer s = new LocalPrecheckServer(http, precheck, token, tokenFile);
        http.createContext("/precheck", s::handle);
        // One request at a time: a precheck opens connections to both nodes; callers are people.
        http.setExecutor(Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("precheck-http").daemon().unstarted(r)));
        http.start();
        return s;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/precheck");
    }

    /** The header value callers must send as {@value PrecheckToken#HEADER}. */
    public String authorization() {
        return token.header();
    }

    public Path tokenFile() {
        return tokenFile;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                refuse(ex, RefusedRequestException.of(405, "", "use POST /precheck", "see precheck-function/README.md"));
            } else if (!token.admits(ex.getRequestHeaders().getFirst(PrecheckToken.HEADER))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"duplex-precheck\"");
                refuse(ex, RefusedRequestException.of(401, "", "the local precheck needs this run's token",
                        "send the header " + PrecheckToken.HEADER + ": Bearer <token>, with the token that duplex"
                                + " local printed at start (also in precheck.token of its state directory)"));
            } else if (!JsonContent.accepts(ex.getRequestHeaders().getFirst("Content-Type"))) {
                refuse(ex, JsonContent.refusal(ex.getRequestHeaders().getFirst("Content-Type")));
            } else {
                answer(ex);
            }
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        try {
            PrecheckRequest request = PrecheckRequest.parse(body(ex.getRequestBody()));
            send(ex, 200, precheck.run(request));
        } catch (RefusedRequestException refused) {
            refuse(ex, refused);
        } catch (RuntimeException e) {
            LOG.error("precheck request failed: {}", e.toString());
            send(ex, 500, Map.of("error", "precheck failed: " + e.getMessage()));
        }
    }

    private static String body(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw RefusedRequestException.of(413, "", "the body is larger than " + MAX_BODY_BYTES + " bytes",
                    "send the task name, not files");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void refuse(HttpExchange ex, RefusedRequestException refused) throws IOException {
        LOG.info("precheck request refused ({}): {}", refused.status(), refused.getMessage());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", refused.getMessage());
        out.put("problems", refused.problems());
        send(ex, refused.status(), out);
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
        try {
            Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
            LOG.warn("cannot delete the precheck token file {}: {}", tokenFile, e.getMessage());
        }
    }
}
