package dev.duplex.sandbox.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event source mapping part of Lambda's control plane, over HTTP in the service's REST shape
 * (API version 2015-03-31), so the SDK's {@code LambdaClient} with {@code endpointOverride} works
 * against it: create ({@code POST}), get and update ({@code GET}/{@code PUT .../{UUID}}) and list
 * ({@code GET ...?FunctionName=&EventSourceArn=}).
 *
 * <p>States move as on Lambda: an update that enables or disables answers "Enabling" /
 * "Disabling", and the mapping becomes "Enabled" / "Disabled" once its poller ({@link
 * SqsEventSource}) has seen the change before its next receive, so a "Disabled" mapping is one
 * that spends no receive any more. A mapping without a poller settles at once.
 */
public final class EventSourceMappings implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSourceMappings.class);
  private static final String BASE = "/2015-03-31/event-source-mappings/";

  private final HttpServer server;
  private final String region;
  private final String account;
  private final Map<String, EventSourceMapping> mappings = new LinkedHashMap<>();
  private final Set<String> polled = ConcurrentHashMap.newKeySet();

  private EventSourceMappings(HttpServer server, String region, String account) {
    this.server = server;
    this.region = region;
    this.account = account;
  }

  /** Serves on a free loopback port for functions in us-east-1, account 123456789012. */
  public static EventSourceMappings start() {
    return start("us-east-1", "123456789012");
  }

  public static EventSourceMappings start(String region, String account) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      EventSourceMappings m = new EventSourceMappings(server, region, account);
      server.createContext("/2015-03-31/", m::handle);
      server.start();
      LOG.info("Lambda event source mappings API on {}", m.endpoint());
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the event source mappings API: " + e.getMessage(), e);
    }
  }

  /** For {@code LambdaClient.builder().endpointOverride(...)}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public synchronized EventSourceMapping create(String functionName, String eventSourceArn, int batchSize,
      boolean enabled) {
    String arn = functionName.startsWith("arn:") ? functionName
        : "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
    EventSourceMapping m = new EventSourceMapping(UUID.randomUUID().toString(), arn, eventSourceArn, batchSize,
        enabled ? EventSourceMapping.ENABLED : EventSourceMapping.DISABLED, Instant.now());
    mappings.put(m.uuid(), m);
    return m;
  }

  public synchronized Optional<EventSourceMapping> get(String uuid) {
    return Optional.ofNullable(mappings.get(uuid));
  }

  public synchronized List<EventSourceMapping> list(String functionName, String eventSourceArn) {
    return mappings.values().stream().filter(m -> functionName == null || m.isFor(functionName))
        .filter(m -> eventSourceArn == null || m.eventSourceArn().equals(eventSourceArn)).toList();
  }

  /** UpdateEventSourceMapping's Enabled: answers the mapping in its transitional state. */
  public synchronized EventSourceMapping setEnabled(String uuid, boolean enabled) {
    EventSourceMapping m = require(uuid);
    boolean on = m.state().equals(EventSourceMapping.ENABLED) || m.state().equals(EventSourceMapping.ENABLING);
    if (on != enabled) {
      m = m.withState(enabled ? EventSourceMapping.ENABLING : EventSourceMapping.DISABLING);
      mappings.put(uuid, m);
      if (!polled.contains(uuid)) {
        mappings.put(uuid, settled(m));
      }
    }
    return m;
  }

  /**
   * What the poller asks before each receive: settles a pending change and answers whether it may
   * receive now. From then on the mapping counts as polled (changes wait for the poller).
   */
  synchronized boolean mayReceive(String uuid) {
    polled.add(uuid);
    EventSourceMapping m = settled(require(uuid));
    mappings.put(uuid, m);
    return m.state().equals(EventSourceMapping.ENABLED);
  }

  /** The poller stopped: changes settle at once again. */
  synchronized void pollerStopped(String uuid) {
    polled.remove(uuid);
    get(uuid).ifPresent(m -> mappings.put(uuid, settled(m)));
  }

  private static EventSourceMapping settled(EventSourceMapping m) {
    return switch (m.state()) {
      case EventSourceMapping.ENABLING -> m.withState(EventSourceMapping.ENABLED);
      case EventSourceMapping.DISABLING -> m.withState(EventSourceMapping.DISABLED);
      default -> m;
    };
  }

  private EventSourceMapping require(String uuid) {
    EventSourceMapping m = mappings.get(uuid);
    if (m == null) {
      throw new NotFound("The resource you requested does not exist. (Service: Lambda, event source mapping "
          + uuid + ")");
    }
    return m;
  }

  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      String id = path.startsWith(BASE) ? path.substring(BASE.length()) : null;
      try {
        if (id == null) {
          error(exchange, 404, "UnknownOperationException", "not served here: " + method + " " + path);
        } else if (id.isEmpty() && method.equals("GET")) {
          listRoute(exchange);
        } else if (id.isEmpty() && method.equals("POST")) {
          createRoute(exchange);
        } else if (method.equals("GET")) {
          reply(exchange, 200, require(id).toJson());
        } else if (method.equals("PUT")) {
          updateRoute(exchange, id);
        } else {
          error(exchange, 405, "UnknownOperationException", method + " " + path);
        }
      } catch (NotFound e) {
        error(exchange, 404, "ResourceNotFoundException", e.getMessage());
      } catch (IllegalArgumentException e) {
        error(exchange, 400, "InvalidParameterValueException", e.getMessage());
      }
    }
  }

  private void listRoute(HttpExchange exchange) throws IOException {
    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("EventSourceMappings");
    list(q.get("FunctionName"), q.get("EventSourceArn")).forEach(m -> items.add(m.toJson()));
    reply(exchange, 200, out);
  }

  private void createRoute(HttpExchange exchange) throws IOException {
    JsonNode body = body(exchange);
    String function = body.path("FunctionName").asText("");
    String source = body.path("EventSourceArn").asText("");
    if (function.isEmpty() || source.isEmpty()) {
      throw new IllegalArgumentException("FunctionName and EventSourceArn are required");
    }
    EventSourceMapping m = create(function, source, body.path("BatchSize").asInt(10),
        body.path("Enabled").asBoolean(true));
    reply(exchange, 202, m.toJson());
  }

  private void updateRoute(HttpExchange exchange, String uuid) throws IOException {
    JsonNode body = body(exchange);
    EventSourceMapping m;
    synchronized (this) {
      m = require(uuid);
      if (body.has("BatchSize")) {
        m = m.withBatchSize(body.get("BatchSize").asInt());
        mappings.put(uuid, m);
      }
      if (body.has("Enabled")) {
        m = setEnabled(uuid, body.get("Enabled").asBoolean());
      }
    }
    reply(exchange, 202, m.toJson());
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return text.isBlank() ? Json.object()
        : Json.parse(text).orElseThrow(() -> new IllegalArgumentException("the body is not JSON"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  /** Errors as Lambda sends them: the type in x-amzn-ErrorType, which the SDK maps to its exception class. */
  private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    ObjectNode body = Json.object();
    body.put("Type", "User");
    body.put("Message", message);
    reply(exchange, status, body);
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
