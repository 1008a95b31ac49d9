package dev.duplex.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Locale;

/** Free loopback ports. */
final class Ports {
  private Ports() {}

  /**
   * A port that was free a moment ago. Another process may take it before the caller binds it,
   * so callers retry with a new port when their bind fails.
   */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port: " + e.getMessage(), e);
    }
  }

  /** Whether the exception chain says the port was taken, so a retry on another port helps. */
  static boolean isBindFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("address already in use") || message.contains("failed to bind")) {
        return true;
      }
    }
    return false;
  }
}
