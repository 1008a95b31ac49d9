package dev.duplex.sandbox;

/**
 * The two servers integration tests run against: external ones when the environment names
 * them (to test a real MySQL 8 or RDS), else fresh sandboxes. Each call returns a new object;
 * close it when done (a no-op for external servers).
 */
public final class TestServers {
  static final String ENV_A = "DUPLEX_TEST_MYSQL_A";
  static final String ENV_B = "DUPLEX_TEST_MYSQL_B";

  private TestServers() {}

  /** {@value #ENV_A}=mysql://user:pass@host:port, else sandbox "a" with server id 1. */
  public static MySqlServer a() {
    return server("a", 1, ENV_A);
  }

  /** {@value #ENV_B}=mysql://user:pass@host:port, else sandbox "b" with server id 2. */
  public static MySqlServer b() {
    return server("b", 2, ENV_B);
  }

  private static MySqlServer server(String name, int serverId, String env) {
    String url = System.getenv(env);
    if (url != null && !url.isBlank()) {
      return ExternalMySqlServer.parse(name, url, env);
    }
    return MySqlSandbox.start(name, serverId);
  }
}
