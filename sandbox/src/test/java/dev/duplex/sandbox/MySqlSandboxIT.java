package dev.duplex.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MySqlSandboxIT {

  @Test
  void shouldStartTwoSandboxesWithRowBinlogAndAcceptWrites() throws Exception {
    CompletableFuture<MySqlSandbox> startingB =
        CompletableFuture.supplyAsync(() -> MySqlSandbox.start("b", 2));
    try (MySqlSandbox a = MySqlSandbox.start("a", 1); MySqlSandbox b = startingB.join()) {
      assertNotEquals(a.port(), b.port());
      assertNotEquals(a.serverId(), b.serverId());
      for (MySqlSandbox server : new MySqlSandbox[] {a, b}) {
        assertReplicationSource(server);
        assertWritesReadBackAndAdvanceBinlog(server);
      }
      assertEquals(1L, longValue(a, "@@server_id"));
      assertEquals(2L, longValue(b, "@@server_id"));
    }
  }

  private static void assertReplicationSource(MySqlSandbox server) throws SQLException {
    assertEquals("1", value(server, "@@log_bin"));
    assertEquals("ROW", value(server, "@@binlog_format"));
    assertEquals("FULL", value(server, "@@binlog_row_image"));
    assertEquals("FULL", value(server, "@@binlog_row_metadata"));
    assertEquals("1", value(server, "@@log_slave_updates"));
    assertTrue(value(server, "@@character_set_server").startsWith("utf8mb4"));
    if (server.isMariaDb()) {
      assertEquals("1", value(server, "@@gtid_strict_mode"));
      assertEquals(server.serverId(), longValue(server, "@@gtid_domain_id"));
    } else {
      assertEquals("ON", value(server, "@@gtid_mode"));
    }
    assertTrue(server.version().contains(server.isMariaDb() ? "MariaDB" : "."), server.version());
  }

  private static void assertWritesReadBackAndAdvanceBinlog(MySqlSandbox server) throws SQLException {
    long before = binlogPosition(server);
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE shop");
      statement.execute("CREATE TABLE shop.item (id INT PRIMARY KEY, label VARCHAR(20)) ENGINE=InnoDB");
      statement.execute("INSERT INTO shop.item VALUES (1, 'caf\u00e9 \u2615')");
      try (ResultSet result = statement.executeQuery("SELECT label FROM shop.item WHERE id = 1")) {
        assertTrue(result.next());
        assertEquals("caf\u00e9 \u2615", result.getString(1));
      }
    }
    assertTrue(binlogPosition(server) > before, "binlog did not advance on " + server.name());
    if (server.isMariaDb()) {
      assertFalse(value(server, "@@gtid_binlog_pos").isEmpty(), "no GTID written");
    }
  }

  @Test
  void shouldKeepDataAcrossStopKillAndRestart() throws Exception {
    MySqlSandbox server = MySqlSandbox.start("faults", 7);
    try {
      Path dataDir = server.dataDir();
      int port = server.port();
      execute(server, "CREATE DATABASE keep", "CREATE TABLE keep.t (id INT PRIMARY KEY) ENGINE=InnoDB",
          "INSERT INTO keep.t VALUES (1)");

      server.stop();
      assertFalse(server.isRunning());
      server.restart();
      assertEquals(port, server.port());
      execute(server, "INSERT INTO keep.t VALUES (2)");

      server.kill();
      assertFalse(server.isRunning());
      server.restart();
      assertEquals(2L, longValue(server, "(SELECT COUNT(*) FROM keep.t)"));
      assertEquals(dataDir, server.dataDir());
      assertTrue(Files.isDirectory(dataDir));

      server.close();
      assertFalse(Files.exists(dataDir), "close() must delete the data directory");
    } finally {
      server.close();
    }
  }

  @Test
  void shouldGiveEverySandboxAFreshDataDirectoryOfItsOwn() throws Exception {
    try (MySqlSandbox first = MySqlSandbox.start("fresh-1", 11)) {
      execute(first, "CREATE DATABASE only_first", "CREATE TABLE mysql.only_first (id INT)");
      first.stop();
      try (MySqlSandbox second = MySqlSandbox.start("fresh-2", 12)) {
        assertNotEquals(first.dataDir(), second.dataDir());
        assertEquals(0L, longValue(second, "(SELECT COUNT(*) FROM information_schema.tables"
            + " WHERE table_name = 'only_first' OR table_schema = 'only_first')"));
        assertEquals(0L, longValue(second, "(SELECT COUNT(*) FROM information_schema.schemata"
            + " WHERE schema_name = 'only_first')"));
        assertEquals(0L, longValue(second, "(SELECT COUNT(*) FROM mysql.user WHERE user = '')"),
            "anonymous accounts are left in the data directory");
      }
    }
  }

  @Test
  void shouldApplyExtraOptionsAndRemoveDefaultsGivenNull() throws Exception {
    Map<String, String> options = new HashMap<>();
    options.put("binlog_format", "STATEMENT");
    options.put("log-bin", null);
    try (MySqlSandbox server = MySqlSandbox.start("options", 9, options)) {
      assertEquals("STATEMENT", value(server, "@@binlog_format"));
      assertEquals("0", value(server, "@@log_bin"));
    }
  }

  private static void execute(MySqlServer server, String... sql) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  private static String value(MySqlServer server, String expression) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT " + expression)) {
      assertTrue(result.next());
      return result.getString(1);
    }
  }

  private static long longValue(MySqlServer server, String expression) throws SQLException {
    return Long.parseLong(value(server, expression));
  }

  private static long binlogPosition(MySqlServer server) throws SQLException {
    try (Connection connection = server.connect(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW MASTER STATUS")) {
      assertTrue(result.next(), "SHOW MASTER STATUS is empty: binlog is off");
      return Long.parseLong(result.getString("Position"));
    }
  }
}
