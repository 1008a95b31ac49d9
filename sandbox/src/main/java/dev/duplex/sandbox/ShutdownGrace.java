package dev.duplex.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds back the reaping of sandbox servers at JVM exit while a command finishes its own clean
 * stop (the demo drains its queues and verifies both servers after Ctrl-C). Open it when the
 * command starts; close it when its clean-up is done; the reaper waits at most {@code limit}.
 */
public final class ShutdownGrace implements AutoCloseable {
  private final CountDownLatch done = new CountDownLatch(1);
  private final Duration limit;

  private ShutdownGrace(Duration limit) {
    this.limit = limit;
  }

  public static ShutdownGrace open(Duration limit) {
    ShutdownGrace grace = new ShutdownGrace(limit);
    SandboxReaper.register(grace);
    return grace;
  }

  /** False when interrupted while waiting. */
  boolean awaitDone() {
    try {
      done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    done.countDown();
    SandboxReaper.deregister(this);
  }
}
