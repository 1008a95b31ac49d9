package dev.duplex.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two loopback listeners standing in for an attacker's servers: they count every connection
 * made to them, and a hostile configuration names one as node a and the other as node b.
 */
public final class CountingListeners implements AutoCloseable {

  public static final String OTHER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:someone-elses-db";

  private final ServerSocket a;
  private final ServerSocket b;
  private final AtomicInteger connections = new AtomicInteger();

  private CountingListeners(ServerSocket a, ServerSocket b) {
    this.a = a;
    this.b = b;
    accept(a);
    accept(b);
  }

  public static CountingListeners open() throws IOException {
    ServerSocket a = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    try {
      return new CountingListeners(a, new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      a.close();
      throw e;
    }
  }

  private void accept(ServerSocket listener) {
    Thread.ofVirtual().start(() -> {
      while (!listener.isClosed()) {
        try {
          Socket s = listener.accept();
          connections.incrementAndGet();
          s.close();
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** A task configuration whose nodes are the two listeners, with the given password references. */
  public String config(String task, String passwordA, String passwordB) {
    return "task: " + task + "\nnodes:\n"
        + "  a: {host: 127.0.0.1, port: " + a.getLocalPort() + ", user: duplex, password: \"" + passwordA
        + "\", tls: disabled}\n"
        + "  b: {host: 127.0.0.1, port: " + b.getLocalPort() + ", user: duplex, password: \"" + passwordB
        + "\", tls: disabled}\n"
        + "objects: [shop]\n";
  }

  public int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    a.close();
    b.close();
  }
}
