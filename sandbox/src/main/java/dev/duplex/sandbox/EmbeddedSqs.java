package dev.duplex.sandbox;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.elasticmq.Limits;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ in this JVM on a free loopback port: SQS with FIFO semantics, no network. */
public final class EmbeddedSqs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);
  private static final int START_ATTEMPTS = 5;
  private static final int STOP_SECONDS = 10;
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

  /** With every limit SQS enforces: what tests run against. */
  public static EmbeddedSqs start() {
    return start(StrictSQSLimits$.MODULE$);
  }

  /**
   * For Duplex's own runtime (duplex local, demo, bench): every limit but the characters of a
   * message body ({@link RuntimeSqsLimits}).
   */
  public static EmbeddedSqs startForRuntime() {
    return start(RuntimeSqsLimits.INSTANCE);
  }

  private static EmbeddedSqs start(Limits limits) {
    long begin = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      int port = Ports.freeLoopbackPort();
      try {
        EmbeddedSqs sqs = startOn(port, limits);
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

  private static EmbeddedSqs startOn(int port, Limits limits) {
    // Pekko would add a JVM shutdown hook of its own; a server closed during JVM shutdown (a
    // command stopping on Ctrl-C) then logs "Could not addJvmShutdownHook". Its owner stops it.
    System.setProperty(PEKKO_JVM_HOOK, System.getProperty(PEKKO_JVM_HOOK, "off"));
    // The server address is what ElasticMQ writes into queue URLs; it must be the real port.
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port)
        .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
        .withAWSRegion(EmulatorClients.REGION.id()).withSQSLimits(limits).start();
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
      // stopAndWait() waits up to a minute for connections a client still holds (its HTTP
      // binding's hard deadline): a duplex local stopped by SIGTERM then overran a minute. The
      // port is unbound at once; the queues are in memory and go with the process either way.
      Await.result(server.stopAndGetFuture().apply(), FiniteDuration.apply(STOP_SECONDS, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.info("ElasticMQ on {}: interrupted while stopping; going on", endpoint);
      return;
    } catch (Exception e) { // scala.concurrent's TimeoutException, undeclared
      LOG.info("ElasticMQ on {} did not stop within {} s ({}); going on", endpoint, STOP_SECONDS, e.toString());
      return;
    }
    LOG.info("stopped ElasticMQ on {}", endpoint);
  }
}
