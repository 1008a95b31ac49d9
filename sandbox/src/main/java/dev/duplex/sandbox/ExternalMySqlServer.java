package dev.duplex.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A server someone else runs (a CI service, RDS); this object never starts or stops it. */
final class ExternalMySqlServer implements MySqlServer {
  private final String name;
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private volatile String version;

  private ExternalMySqlServer(String name, String host, int port, String user, String password) {
    this.name = name;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /** Parses {@code mysql://user:pass@host:port}; user and password may be URL-encoded. */
  static ExternalMySqlServer parse(String name, String url, String source) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw invalid(source, "not a URL: " + e.getMessage());
    }
    if (!"mysql".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw invalid(source, "expected scheme mysql and a host");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      throw invalid(source, "no user given");
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    int port = uri.getPort() < 0 ? 3306 : uri.getPort();
    return new ExternalMySqlServer(name, uri.getHost(), port, user, password);
  }

  private static IllegalArgumentException invalid(String source, String problem) {
    // The value itself is not echoed: it holds a password.
    return new IllegalArgumentException(source + " is invalid (" + problem
        + "): use mysql://user:password@host:port, URL-encoding special characters");
  }

  private static String decode(String part) {
    return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String user() {
    return user;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public String jdbcUrl() {
    return MySqlServer.jdbcUrl(host, port);
  }

  @Override
  public boolean isMariaDb() {
    return version().contains("MariaDB");
  }

  /** Asked once, lazily: constructing the object must not need the server to be up. */
  @Override
  public String version() {
    String known = version;
    if (known == null) {
      try (Connection connection = connect(); Statement statement = connection.createStatement();
          ResultSet result = statement.executeQuery("SELECT VERSION()")) {
        result.next();
        known = result.getString(1);
        version = known;
      } catch (SQLException e) {
        throw new IllegalStateException("cannot reach external server '" + name + "' at " + host
            + ":" + port + " as " + user + ": " + e.getMessage(), e);
      }
    }
    return known;
  }

  @Override
  public void close() {
    // Not ours to stop.
  }

  @Override
  public String toString() {
    return "external server '" + name + "' at " + host + ":" + port;
  }
}
