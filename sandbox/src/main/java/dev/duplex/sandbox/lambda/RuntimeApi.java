package dev.duplex.sandbox.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.duplex.sandbox.lambda.Invocation.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda Runtime API of one execution environment, as documented (version 2018-06-01): the
 * runtime asks {@code GET invocation/next} and blocks until an event is queued, then posts
 * {@code invocation/{id}/response} or {@code invocation/{id}/error}; a runtime that cannot start
 * posts {@code init/error}. {@link #invoke} queues one event and waits for the answer, one at a
 * time as an execution environment handles one invoke at a time. The caller owns the process:
 * after a {@link Outcome#TIMEOUT} Lambda replaces the environment, which {@link JavaFunction} does.
 */
public final class RuntimeApi implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeApi.class);
  private static final String BASE = "/2018-06-01/runtime";
  private static final Pattern ANSWER = Pattern.compile(BASE + "/invocation/([^/]+)/(response|error)");
  /** Lambda's limit for a synchronous invoke's response. */
  static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;
  /** How long an on-demand function's init may take before Lambda gives up on it. */
  public static final Duration INIT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lambda-runtime-api");
    t.setDaemon(true);
    return t;
  });
  private final String functionArn;
  private final BlockingQueue<PendingInvoke> queued = new LinkedBlockingQueue<>();
  private final Map<String, PendingInvoke> inFlight = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile long startingNanos = System.nanoTime();
  /** Bumped per runtime process, so a {@code next} the previous (killed) process left waiting takes no event. */
  private volatile int generation;
  private volatile Duration initDuration;

  private RuntimeApi(HttpServer server, String functionArn) {
    this.server = server;
    this.functionArn = functionArn;
  }

  /** Serves the Runtime API on a free loopback port for the function with this ARN. */
  public static RuntimeApi start(String functionArn) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the Lambda Runtime API: " + e.getMessage(), e);
    }
    RuntimeApi api = new RuntimeApi(server, functionArn);
    server.createContext(BASE + "/", api::handle);
    server.setExecutor(api.threads);
    server.start();
    LOG.info("Lambda Runtime API for {} on {}", functionArn, api.address());
    return api;
  }

  /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port, no scheme. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Queues the event and waits for the runtime's answer. The deadline ({@code timeout}) counts from
   * the moment the runtime receives the event; a runtime that does not ask for it within {@code
   * initTimeout} (still starting, or dead) fails the invoke with {@code Runtime.Unavailable}.
   */
  public synchronized Invocation invoke(String eventJson, Duration timeout, Duration initTimeout) {
    PendingInvoke p = new PendingInvoke(eventJson, timeout);
    queued.add(p);
    Optional<Invocation> undelivered = p.awaitDispatch(initTimeout);
    if (undelivered.isPresent()) {
      queued.remove(p);
      inFlight.remove(p.requestId);
      return undelivered.get();
    }
    Invocation result = p.awaitAnswer();
    inFlight.remove(p.requestId);
    return result;
  }

  /** {@link #invoke(String, Duration, Duration)} with Lambda's 10 s init limit. */
  public Invocation invoke(String eventJson, Duration timeout) {
    return invoke(eventJson, timeout, INIT_TIMEOUT.plus(timeout));
  }

  /**
   * Fails whatever is queued or running with this error, as Lambda does when the runtime process
   * exits ({@code Runtime.ExitError}); the caller starts a new process for the next invoke.
   */
  public void failAll(String errorType, String message) {
    String doc = Invocation.errorDocument(errorType, message);
    for (PendingInvoke p : inFlight.values()) {
      p.answer(Outcome.ERROR, doc);
    }
    PendingInvoke p;
    while ((p = queued.poll()) != null) {
      p.answer(Outcome.ERROR, doc);
    }
  }

  /** Marks the start of a new runtime process, so its init duration can be measured. */
  public void runtimeStarting() {
    generation++;
    startingNanos = System.nanoTime();
    initDuration = null;
  }

  /** From {@link #runtimeStarting()} to the runtime's first {@code next}: Lambda's "Init Duration". */
  public Optional<Duration> initDuration() {
    return Optional.ofNullable(initDuration);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher answer = ANSWER.matcher(path);
      if ("GET".equals(method) && path.equals(BASE + "/invocation/next")) {
        next(exchange);
      } else if ("POST".equals(method) && answer.matches()) {
        answer(exchange, answer.group(1), "error".equals(answer.group(2)));
      } else if ("POST".equals(method) && path.equals(BASE + "/init/error")) {
        initError(exchange);
      } else {
        reply(exchange, 404, Invocation.errorDocument("UnknownRoute", method + " " + path));
      }
    } catch (RuntimeException e) {
      LOG.warn("Runtime API request {} failed: {}", exchange.getRequestURI(), e.toString());
    }
  }

  /** Blocks until an event is queued, as the real endpoint does (the runtime waits in this call). */
  private void next(HttpExchange exchange) throws IOException {
    if (initDuration == null) {
      initDuration = Duration.ofNanos(System.nanoTime() - startingNanos);
    }
    int mine = generation;
    PendingInvoke p = null;
    while (p == null && !closed && mine == generation) {
      try {
        p = queued.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (p == null) {
      return;
    }
    inFlight.put(p.requestId, p);
    long deadlineMs = p.dispatch();
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", p.requestId);
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadlineMs));
    headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
    headers.set("Lambda-Runtime-Trace-Id", p.traceId);
    reply(exchange, 200, p.event);
  }

  private void answer(HttpExchange exchange, String requestId, boolean error) throws IOException {
    byte[] body = readBody(exchange.getRequestBody());
    PendingInvoke p = inFlight.get(requestId);
    if (p == null) {
      // An answer after the deadline, or for an id this endpoint never gave out.
      reply(exchange, 400, Invocation.errorDocument("InvalidRequestID", "Invalid request ID"));
      return;
    }
    if (body.length > MAX_RESPONSE_BYTES) {
      p.answer(Outcome.ERROR, Invocation.errorDocument("Function.ResponseSizeTooLarge",
          "Response payload size (" + body.length + " bytes) exceeded maximum allowed payload size ("
              + MAX_RESPONSE_BYTES + " bytes)."));
      reply(exchange, 413, Invocation.errorDocument("RequestEntityTooLarge", "payload too large"));
      return;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (error) {
      String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
      p.answer(Outcome.ERROR, text.isBlank()
          ? Invocation.errorDocument(type == null ? "Unhandled" : type, "") : text);
    } else {
      p.answer(Outcome.SUCCESS, text);
    }
    reply(exchange, 202, "{\"status\":\"OK\"}");
  }

  private void initError(HttpExchange exchange) throws IOException {
    String text = new String(readBody(exchange.getRequestBody()), StandardCharsets.UTF_8);
    LOG.warn("the runtime of {} failed to initialize: {}", functionArn, text);
    failAll("Runtime.InitError", text);
    reply(exchange, 202, "{\"status\":\"OK\"}");
  }

  /** Reads at most one byte past the response limit: enough to tell the body is too large. */
  private static byte[] readBody(InputStream in) throws IOException {
    return in.readNBytes(MAX_RESPONSE_BYTES + 1);
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    closed = true;
    failAll("Runtime.Unavailable", "the Runtime API was shut down");
    server.stop(0);
    threads.shutdownNow();
  }
}
