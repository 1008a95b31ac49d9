package dev.duplex.precheck.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns bad requests into HTTP 400 with a JSON body naming every problem and its fix:
 * <pre>{"error": "...", "problems": [{"path": "...", "message": "...", "fix": "..."}]}</pre>
 * Funqy answers a body it cannot parse with a bare 400 and wraps exceptions of the function as
 * 500; this failure handler runs before Quarkus's own and rewrites both cases. Parser messages
 * are quoted with the quoted text elided: a malformed body may contain a password.
 */
@ApplicationScoped
public class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    private static final ObjectMapper JSON = JsonMapper.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext ctx) {
        BadRequestException bad = badRequest(ctx.failure());
        if (bad == null && ctx.failure() == null && ctx.statusCode() == 400) {
            bad = malformed(ctx.body() == null ? null : ctx.body().asString());
        }
        if (bad == null) {
            ctx.next();
            return;
        }
        LOG.info("precheck request refused (400): {}", bad.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", bad.getMessage());
        body.put("problems", bad.problems());
        try {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.next();
        }
    }

    private static BadRequestException badRequest(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadRequestException b) {
                return b;
            }
        }
        return null;
    }

    /** Why Funqy could not read the body: re-parsed for the line, column and reason. */
    static BadRequestException malformed(String body) {
        return PrecheckRequest.malformed(body);
    }
}
