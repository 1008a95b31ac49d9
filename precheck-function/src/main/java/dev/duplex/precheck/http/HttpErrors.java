package dev.duplex.precheck.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses what the function must not act on and answers refusals with their status and a JSON
 * body naming every problem and its fix:
 * <pre>{"error": "...", "problems": [{"path": "...", "message": "...", "fix": "..."}]}</pre>
 * A request that is not a POST of application/json is refused (405, 415) before Funqy reads it.
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
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    /** Only a POST of JSON goes on to the function. */
    void guard(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            answer(ctx, RefusedRequestException.of(405, "", "use POST /precheck", PrecheckRequest.SHAPE));
        } else if (!JsonContent.accepts(ctx.request().getHeader("Content-Type"))) {
            answer(ctx, JsonContent.refusal(ctx.request().getHeader("Content-Type")));
        } else {
            ctx.next();
        }
    }

    void handle(RoutingContext ctx) {
        RefusedRequestException refused = refusal(ctx.failure());
        if (refused == null && ctx.failure() == null && ctx.statusCode() == 400) {
            refused = malformed(ctx.body() == null ? null : ctx.body().asString());
        }
        if (refused == null) {
            ctx.next();
            return;
        }
        answer(ctx, refused);
    }

    private static void answer(RoutingContext ctx, RefusedRequestException refused) {
        LOG.info("precheck request refused ({}): {}", refused.status(), refused.getMessage());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", refused.getMessage());
        body.put("problems", refused.problems());
        try {
            ctx.response().setStatusCode(refused.status()).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    private static RefusedRequestException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RefusedRequestException r) {
                return r;
            }
        }
        return null;
    }

    /** Why Funqy could not read the body: re-parsed for the line, column and reason. */
    static BadRequestException malformed(String body) {
        return PrecheckRequest.malformed(body);
    }
}
