package dev.duplex.sandbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the way a service manager does. */
public final class Processes {
  private Processes() {}

  /**
   * SIGTERM, up to {@code grace} for the process to end, then SIGKILL (waited up to 10 s). An
   * interrupt while waiting kills it at once and keeps the thread's interrupt.
   */
  public static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
