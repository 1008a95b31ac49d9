package dev.duplex.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto's standalone server ({@code python3 -m moto.server}) on a free local port, as a child
 * process that {@link #close()} always ends. A missing moto fails loudly with the install hint:
 * a test on moto must never pass by not running. Used by infra's deployment tests and the cli's
 * tests of what talks to AWS.
 */
public final class MotoServer implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  public static MotoServer start(Path log) {
    requireMoto();
    int port = freePort();
    ProcessBuilder pb = new ProcessBuilder(python(), "-m", "moto.server", "-H", "127.0.0.1", "-p",
        Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    Process p;
    try {
      Files.createDirectories(log.getParent());
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start moto's server: " + e.getMessage(), e);
    }
    MotoServer server = new MotoServer(p, URI.create("http://127.0.0.1:" + port), log);
    try {
      server.awaitReady();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("moto's server exited with status " + process.exitValue()
            + " before it was ready; its output: " + tail());
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for moto", e);
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException("moto's server did not answer on " + endpoint + " within " + READY_TIMEOUT
        + "; its output: " + tail());
  }

  private static void requireMoto() {
    try {
      Process p = new ProcessBuilder(python(), "-c", "import moto.server").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("moto's server is not installed for " + python() + " (" + out.strip()
            + "). Install it: pip install 'moto[server]==5.2.1' (or set DUPLEX_PYTHON to a python that has it)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("no " + python() + " to run moto's server: install python3 and "
          + "pip install 'moto[server]==5.2.1'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking for moto", e);
    }
  }

  private static String python() {
    String p = System.getenv("DUPLEX_PYTHON");
    return p == null || p.isBlank() ? "python3" : p;
  }

  /** A loopback port nothing listens on now: moto's, or an endpoint a test wants unreachable. */
  public static int freePort() {
    return Ports.freeLoopbackPort();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    Processes.stop(process, Duration.ofSeconds(10));
  }
}
