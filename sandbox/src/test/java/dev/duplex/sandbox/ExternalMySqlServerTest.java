package dev.duplex.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalMySqlServerTest {

  @Test
  void shouldParseUrlWithEncodedCredentials() {
    MySqlServer server = ExternalMySqlServer.parse("a", "mysql://app%40x:p%3Ass+w@db.local:3307", "ENV");

    assertEquals("app@x", server.user());
    assertEquals("p:ss+w", server.password());
    assertEquals("db.local", server.host());
    assertEquals(3307, server.port());
    assertTrue(server.jdbcUrl().startsWith("jdbc:mysql://db.local:3307/?"));
  }

  @Test
  void shouldDefaultToPort3306() {
    assertEquals(3306, ExternalMySqlServer.parse("b", "mysql://root:pw@10.0.0.5", "ENV").port());
  }

  @Test
  void shouldRejectUrlWithoutUserAndNotEchoIt() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ExternalMySqlServer.parse("a", "postgres://u:secret@h:1", "DUPLEX_TEST_MYSQL_A"));
    assertTrue(error.getMessage().contains("DUPLEX_TEST_MYSQL_A"));
    assertFalse(error.getMessage().contains("secret"));
  }

  @Test
  void shouldOverrideDefaultsInEitherSpellingAndRemoveOnNull() {
    ServerOptions options = new ServerOptions().set("binlog-format", "ROW").set("log-bin", "x")
        .set("skip-name-resolve", ServerOptions.FLAG);
    Map<String, String> overrides = new HashMap<>();
    overrides.put("binlog_format", "STATEMENT");
    overrides.put("--log_bin", null);

    List<String> args = options.merge(overrides).toArguments();

    assertEquals(List.of("--no-defaults", "--binlog-format=STATEMENT", "--skip-name-resolve"), args);
  }
}
