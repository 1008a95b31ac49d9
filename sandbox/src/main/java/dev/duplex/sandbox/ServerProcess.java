package dev.duplex.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a server process: launch, wait until it serves SQL, stop or kill it. */
final class ServerProcess {
  private static final long READY_TIMEOUT_MS = 60_000;

  /** Connects once and returns the server version, or fails while the server is not ready. */
  @FunctionalInterface
  interface ReadyProbe {
    String version() throws SQLException;
  }

  /** The server could not bind its port: a race with another process, worth a retry. */
  static final class PortTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }

  private final Process process;
  private final SandboxPaths paths;
  private final long logOffset;

  private ServerProcess(Process process, SandboxPaths paths, long logOffset) {
    this.process = process;
    this.paths = paths;
    this.logOffset = logOffset;
  }

  static ServerProcess launch(List<String> command, SandboxPaths paths) {
    long logOffset = paths.logSize();
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(paths.logFile().toFile())).start();
      SandboxReaper.track(process);
      return new ServerProcess(process, paths, logOffset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** Polls until the probe succeeds; on failure kills the process and reports its log. */
  String awaitReady(ReadyProbe probe, String description) {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
    SQLException last = null;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        SandboxReaper.untrack(process);
        String log = Logs.since(paths.logFile(), logOffset);
        if (log.contains("Address already in use") || log.contains("Bind on TCP/IP port")) {
          throw new PortTakenException(Logs.tail(log, 3));
        }
        throw new IllegalStateException(description + " exited with code " + process.exitValue()
            + " while starting; server log " + paths.logFile() + " ends with:\n" + Logs.tail(log, 30));
      }
      try {
        return probe.version();
      } catch (SQLException e) {
        last = e;
        pause();
      }
    }
    kill();
    throw new IllegalStateException(description + " did not accept connections within "
        + READY_TIMEOUT_MS / 1000 + " s (last error: " + (last == null ? "none" : last.getMessage())
        + "); server log " + paths.logFile() + " ends with:\n"
        + Logs.tail(Logs.since(paths.logFile(), logOffset), 30));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM, which the server treats as a clean shutdown; SIGKILL if it takes too long. */
  boolean terminate(long timeoutSeconds) {
    process.destroy();
    boolean graceful = waitFor(timeoutSeconds);
    if (!graceful) {
      kill();
    }
    SandboxReaper.untrack(process);
    return graceful;
  }

  /** SIGSTOP or SIGCONT: a server that freezes (a hung host, a partition) keeps its connections open. */
  void signal(String signal) {
    try {
      Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling the server", e);
    }
  }

  void kill() {
    process.destroyForcibly();
    waitFor(30);
    SandboxReaper.untrack(process);
  }

  private boolean waitFor(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a sandbox server", e);
    }
  }
}
