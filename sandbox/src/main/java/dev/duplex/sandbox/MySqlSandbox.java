package dev.duplex.sandbox;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway MariaDB or MySQL server in a temp directory, configured the way Duplex needs a
 * source to be (row binlog with full images and metadata, GTID, utf8mb4).
 */
public final class MySqlSandbox implements MySqlServer {
  private static final Logger LOG = LoggerFactory.getLogger(MySqlSandbox.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,30}");
  private static final String USER = "duplex";
  private static final int START_ATTEMPTS = 5;
  private static final long STOP_TIMEOUT_SECONDS = 60;

  private final String name;
  private final long serverId;
  private final ServerBinary binary;
  private final SandboxPaths paths;
  private final Map<String, String> extraOptions;
  private final String password = randomPassword();
  private int port;
  private ServerProcess process;
  private String version;
  private boolean closed;

  private MySqlSandbox(String name, long serverId, ServerBinary binary, SandboxPaths paths,
      Map<String, String> extraOptions) {
    this.name = name;
    this.serverId = serverId;
    this.binary = binary;
    this.paths = paths;
    this.extraOptions = extraOptions;
  }

  public static MySqlSandbox start(String name, int serverId) {
    return start(name, serverId, Map.of());
  }

  /**
   * Starts a new server. {@code extraOptions} are server options in either spelling
   * ("binlog_format" or "binlog-format"); "" makes a bare flag and null removes a default.
   */
  public static MySqlSandbox start(String name, int serverId, Map<String, String> extraOptions) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("sandbox name '" + name
          + "' must be 1-31 lower-case letters, digits, '-' or '_', e.g. \"a\"");
    }
    if (serverId < 1) {
      throw new IllegalArgumentException("server id must be at least 1, got " + serverId);
    }
    ServerBinary binary = ServerBinary.detect();
    SandboxPaths paths = SandboxPaths.create(name);
    SandboxReaper.track(paths.base());
    MySqlSandbox sandbox = new MySqlSandbox(name, serverId, binary, paths,
        new HashMap<>(extraOptions == null ? Map.of() : extraOptions));
    try {
      sandbox.firstStart();
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
    return sandbox;
  }

  private synchronized void firstStart() {
    long begin = System.nanoTime();
    String redoLog = startOptions().get("innodb-log-file-size");
    // Otherwise MariaDB creates a 96 MiB redo log only to shrink it at the first start.
    List<String> initArgs = binary.mariaDb() && redoLog != null
        ? List.of("--innodb-log-file-size=" + redoLog) : List.of();
    DataDirTemplates.initialize(binary, paths.dataDir(), initArgs);
    paths.writeInitFile(accountSql());
    for (int attempt = 1; ; attempt++) {
      port = Ports.freeLoopbackPort();
      try {
        launchAndAwait(true);
        break;
      } catch (ServerProcess.PortTakenException e) {
        if (attempt == START_ATTEMPTS) {
          throw new IllegalStateException("sandbox '" + name + "' found no free port after "
              + attempt + " attempts; last: " + e.getMessage(), e);
        }
        LOG.info("port {} was taken before sandbox '{}' could bind it; trying another", port, name);
      }
    }
    paths.deleteInitFile();
    LOG.info("started {} sandbox '{}' (server id {}) on 127.0.0.1:{} in {} ms; files in {}",
        version, name, serverId, port, (System.nanoTime() - begin) / 1_000_000, paths.base());
  }

  /** Creates the test account without binlogging it, so captures start from a clean binlog. */
  private String accountSql() {
    String account = "'" + USER + "'@'%'";
    return "SET sql_log_bin = 0;\n"
        + "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "';\n"
        + "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;\n";
  }

  private void launchAndAwait(boolean withInitFile) {
    ServerOptions options = startOptions();
    if (withInitFile) {
      options.set("init-file", paths.initFile().toString());
    }
    List<String> command = new ArrayList<>();
    command.add(binary.path().toString());
    command.addAll(options.toArguments());
    process = ServerProcess.launch(command, paths);
    version = process.awaitReady(this::probeVersion, describe());
  }

  private ServerOptions startOptions() {
    return ServerOptions.defaults(binary, paths, port, serverId).merge(extraOptions);
  }

  private String probeVersion() throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT VERSION()")) {
      result.next();
      return result.getString(1);
    }
  }

  private String describe() {
    return (binary.mariaDb() ? "MariaDB" : "MySQL") + " sandbox '" + name + "' (port " + port
        + ", data " + paths.dataDir() + ")";
  }

  /** Graceful shutdown (SIGTERM, then SIGKILL after a minute); keeps the data directory. */
  public synchronized void stop() {
    if (isRunning()) {
      if (!process.terminate(STOP_TIMEOUT_SECONDS)) {
        LOG.warn("{} ignored SIGTERM for {} s and was killed", describe(), STOP_TIMEOUT_SECONDS);
      }
      LOG.info("stopped sandbox '{}'", name);
    }
  }

  /** SIGKILL, as a crash would; keeps the data directory so {@link #restart()} recovers it. */
  public synchronized void kill() {
    if (isRunning()) {
      process.kill();
      LOG.info("killed sandbox '{}'", name);
    }
  }

  /**
   * Freezes the server (SIGSTOP): its connections stay open and nothing answers, as with a hung
   * host or a network partition, unlike a stop, whose connections are refused at once.
   */
  public synchronized void freeze() {
    process.signal("STOP");
    LOG.info("froze sandbox '{}'", name);
  }

  /** Lets a frozen server go on (SIGCONT). */
  public synchronized void thaw() {
    process.signal("CONT");
    LOG.info("thawed sandbox '{}'", name);
  }

  /** Starts the server again on the same port and data directory after stop() or kill(). */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("sandbox '" + name + "' is closed; start a new one");
    }
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("sandbox '" + name + "' is running; stop() or kill() it first");
    }
    long begin = System.nanoTime();
    try {
      launchAndAwait(false);
    } catch (ServerProcess.PortTakenException e) {
      throw new IllegalStateException(describe() + " cannot restart: another process took port "
          + port + " meanwhile (" + e.getMessage() + "); start a new sandbox instead", e);
    }
    LOG.info("restarted sandbox '{}' on port {} in {} ms", name, port,
        (System.nanoTime() - begin) / 1_000_000);
  }

  /** Stops the server if running and deletes all its files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The data is about to be deleted, so there is nothing for a graceful shutdown to protect.
    if (process != null) {
      process.kill();
    }
    SandboxReaper.delete(paths.base());
  }

  public Path dataDir() {
    return paths.dataDir();
  }

  public long serverId() {
    return serverId;
  }

  /** Whether the server process is up (it may still be starting or stopping). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The server's combined output, for diagnosing failures. */
  public Path logFile() {
    return paths.logFile();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public synchronized int port() {
    return port;
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String jdbcUrl() {
    return MySqlServer.jdbcUrl(host(), port());
  }

  @Override
  public boolean isMariaDb() {
    return binary.mariaDb();
  }

  @Override
  public synchronized String version() {
    return version;
  }

  @Override
  public String toString() {
    return describe();
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      password.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return password.toString();
  }
}
