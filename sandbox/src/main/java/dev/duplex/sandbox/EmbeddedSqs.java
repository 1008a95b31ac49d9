package dev.duplex.sandbox;

import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ in this JVM on a free loopback port: SQS with FIFO semantics, no network. */
public final class EmbeddedSqs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);
  private static final int START_ATTEMPTS = 5;
  private static final String PEKKO_JVM_HOOK = "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook";

  private final SQSRestServer server;
  private final URI endpoint;
  private final SqsClient client;
  private boolean closed;

  private EmbeddedSqs(SQSRestServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
    this.client = EmulatorClients.sqs(endpoint);
  }

  public static EmbeddedSqs start() {
    long begin = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      int port = Ports.freeLoopbackPort();
      try {
        EmbeddedSqs sqs = startOn(port);
        LOG.info("started ElasticMQ on {} in {} ms", sqs.endpoint,
            (System.nanoTime() - begin) / 1_000_000);
        return sqs;
      } catch (RuntimeException e) {
        if (!Ports.isBindFailure(e) || attempt == START_ATTEMPTS) {
          throw new IllegalStateException("cannot start ElasticMQ on 127.0.0.1:" + port + ": "
              + e.getMessage(), e);
        }
        LOG.info("port {} was taken before ElasticMQ could bind it; trying another", port);
      }
    }
  }

  private static EmbeddedSqs startOn(int port) {
    // Pekko would add a JVM shutdown hook of its own; a server closed during JVM shutdown (a
    // command stopping on Ctrl-C) then logs "Could not addJvmShutdownHook". Its owner stops it.
    System.setProperty(PEKKO_JVM_HOOK, System.getProperty(PEKKO_JVM_HOOK, "off"));
    // The server address is what ElasticMQ writes into queue URLs; it must be the real port.
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
        .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
        .withAWSRegion(EmulatorClients.REGION.id()).start();
    try {
      server.waitUntilStarted();
    } catch (RuntimeException e) {
      server.stopAndWait();
      throw e;
    }
    return new EmbeddedSqs(server, URI.create("http://127.0.0.1:" + port));
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A client for this server, owned by this object: {@link #close()} closes it. */
  public SqsClient client() {
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
      server.stopAndWait();
    } catch (Exception e) { // scala.concurrent's TimeoutException, undeclared
      // Its HTTP server waits for connections a test's client may still hold; the queues are gone
      // with the test's JVM either way, and no test outcome depends on this stop (seen under load).
      LOG.warn("ElasticMQ on {} did not stop in time ({}); going on", endpoint, e.toString());
      return;
    }
    LOG.info("stopped ElasticMQ on {}", endpoint);
  }
}
