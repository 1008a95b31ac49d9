package dev.duplex.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line options a sandbox server starts with. Keys are normalized ("binlog_format"
 * and "binlog-format" are the same option) so callers can override defaults in either spelling.
 */
final class ServerOptions {
  /** The value that renders an option as a bare flag, e.g. {@code --skip-name-resolve}. */
  static final String FLAG = "";

  private final Map<String, String> options = new LinkedHashMap<>();

  static String normalize(String key) {
    String trimmed = key.strip();
    while (trimmed.startsWith("-")) {
      trimmed = trimmed.substring(1);
    }
    return trimmed.replace('_', '-').toLowerCase(Locale.ROOT);
  }

  ServerOptions set(String key, String value) {
    options.put(normalize(key), value);
    return this;
  }

  /** Applies caller overrides: a null value removes a default instead of setting it. */
  ServerOptions merge(Map<String, String> overrides) {
    overrides.forEach((key, value) -> {
      if (value == null) {
        options.remove(normalize(key));
      } else {
        set(key, value);
      }
    });
    return this;
  }

  String get(String key) {
    return options.get(normalize(key));
  }

  /** Arguments after the binary; --no-defaults must come first or the server rejects it. */
  List<String> toArguments() {
    List<String> args = new ArrayList<>();
    args.add("--no-defaults");
    options.forEach((key, value) -> args.add(FLAG.equals(value) ? "--" + key : "--" + key + "=" + value));
    return args;
  }

  /** The replication and charset setup Duplex needs, plus small memory for many servers at once. */
  static ServerOptions defaults(ServerBinary binary, SandboxPaths paths, int port, long serverId) {
    ServerOptions o = new ServerOptions();
    o.set("datadir", paths.dataDir().toString()).set("tmpdir", paths.tmpDir().toString())
        .set("socket", paths.socket().toString()).set("pid-file", paths.pidFile().toString())
        .set("bind-address", "127.0.0.1").set("port", Integer.toString(port))
        .set("server-id", Long.toString(serverId)).set("log-bin", "mysql-bin")
        .set("binlog-format", "ROW").set("binlog-row-image", "FULL")
        .set("character-set-server", "utf8mb4").set("skip-name-resolve", FLAG)
        .set("max-connections", "300").set("innodb-buffer-pool-size", "64M")
        .set("performance-schema", "OFF");
    if (isRoot()) {
      o.set("user", "root");
    }
    if (binary.supportsRowMetadata()) {
      o.set("binlog-row-metadata", "FULL");
    }
    return binary.mariaDb() ? o.mariaDb(serverId) : o.mySql(binary);
  }

  private ServerOptions mariaDb(long serverId) {
    // Small redo log: these servers hold test data, and several share one disk.
    return set("log-slave-updates", "ON").set("gtid-strict-mode", "ON")
        .set("gtid-domain-id", Long.toString(serverId))
        .set("collation-server", "utf8mb4_general_ci").set("expire-logs-days", "7")
        .set("innodb-log-file-size", "32M");
  }

  private ServerOptions mySql(ServerBinary binary) {
    boolean eight = binary.atLeast(8, 0, 0);
    set(binary.atLeast(8, 0, 26) ? "log-replica-updates" : "log-slave-updates", "ON");
    set("gtid-mode", "ON").set("enforce-gtid-consistency", "ON");
    set("collation-server", eight ? "utf8mb4_0900_ai_ci" : "utf8mb4_general_ci");
    if (eight) {
      // X Protocol would listen on 33060 in every sandbox and the second one would fail.
      set("binlog-expire-logs-seconds", "604800").set("mysqlx", "OFF");
    } else {
      set("expire-logs-days", "7");
    }
    return this;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
