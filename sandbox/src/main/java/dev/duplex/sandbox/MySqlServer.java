package dev.duplex.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A MySQL-compatible server tests can use. */
public interface MySqlServer extends AutoCloseable {

  /** Short name such as "a" or "b"; used in logs and temp dir names. */
  String name();

  String host();

  int port();

  /** An account with all privileges, including REPLICATION SLAVE/CLIENT and GRANT OPTION. */
  String user();

  String password();

  /** A URL for mysql-connector-j with no default schema. */
  String jdbcUrl();

  /** Opens a new connection as {@link #user()}. */
  default Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), password());
  }

  boolean isMariaDb();

  /** The server's {@code VERSION()}, e.g. "10.11.19-MariaDB-0+deb12u1-log". */
  String version();

  /** Stops and cleans up a server this object started; a no-op for external servers. */
  @Override
  void close();

  /** The URL both kinds of server hand out, so tests behave the same against either. */
  static String jdbcUrl(String host, int port) {
    // No SSL: sandboxes have no certificates, and public key retrieval is then needed for
    // caching_sha2_password accounts on MySQL 8.
    return "jdbc:mysql://" + host + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true"
        + "&characterEncoding=UTF-8&connectTimeout=10000";
  }
}
