package dev.duplex.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local in this JVM, served over HTTP on a free loopback port, so code under test uses
 * the same SDK client path as against real DynamoDB. DynamoDB Local 3.x carries its SQLite
 * native library inside its jar and extracts it itself; nothing needs to be configured.
 */
public final class EmbeddedDynamo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDynamo.class);
  private static final int START_ATTEMPTS = 5;

  private final DynamoDBProxyServer server;
  private final URI endpoint;
  private final DynamoDbClient client;
  private boolean closed;

  private EmbeddedDynamo(DynamoDBProxyServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.client = EmulatorClients.dynamo(endpoint);
  }

  /** Tables live in memory and vanish on close. */
  public static EmbeddedDynamo startInMemory() {
    return start(List.of("-inMemory"), "in memory");
  }

  /** Tables persist in {@code dataDir} (created if missing) across close and start. */
  public static EmbeddedDynamo start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create DynamoDB Local data dir " + dataDir + ": "
          + e.getMessage(), e);
    }
    return start(List.of("-dbPath", dataDir.toAbsolutePath().toString()), "in " + dataDir);
  }

  private static EmbeddedDynamo start(List<String> storage, String where) {
    long begin = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      int port = Ports.freeLoopbackPort();
      try {
        EmbeddedDynamo dynamo = startOn(port, storage);
        LOG.info("started DynamoDB Local on {} ({}) in {} ms", dynamo.endpoint, where,
            (System.nanoTime() - begin) / 1_000_000);
        return dynamo;
      } catch (Exception e) {
        if (!Ports.isBindFailure(e) || attempt == START_ATTEMPTS) {
          throw new IllegalStateException("cannot start DynamoDB Local (" + where + ") on "
              + "127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        LOG.info("port {} was taken before DynamoDB Local could bind it; trying another", port);
      }
    }
  }

  private static EmbeddedDynamo startOn(int port, List<String> storage) throws Exception {
    List<String> args = new ArrayList<>(storage);
    // One database for every access key and region, as with one real AWS account; and no
    // telemetry: it would try to reach the internet from every test run.
    args.addAll(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
    DynamoDBProxyServer server = withoutBanner(
        () -> ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new)));
    bindToLoopback(server);
    try {
      // start() would swallow a bind failure and leave a stopped server; safeStart() throws it.
      server.safeStart();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new EmbeddedDynamo(server, URI.create("http://127.0.0.1:" + port));
  }

  /** DynamoDB Local prints its configuration to stdout, which is the CLI's output channel. */
  private static <T> T withoutBanner(Callable<T> create) throws Exception {
    PrintStream out = System.out;
    synchronized (EmbeddedDynamo.class) {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        return create.call();
      } finally {
        System.setOut(out);
      }
    }
  }

  /**
   * DynamoDB Local has no option for the listen address and binds every interface; a test
   * database must not be reachable from the network, so the connector is narrowed before start.
   */
  private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector network) {
        network.setHost("127.0.0.1");
      }
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A client for this server, owned by this object: {@link #close()} closes it. */
  public DynamoDbClient client() {
    return client;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local on " + endpoint + " did not stop cleanly: "
          + e.getMessage(), e);
    }
    LOG.info("stopped DynamoDB Local on {}", endpoint);
  }
}
