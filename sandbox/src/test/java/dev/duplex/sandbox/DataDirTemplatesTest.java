package dev.duplex.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template logic with a stand-in for mysqld --initialize (a script that writes what it writes:
 * system tables and MySQL's auto.cnf), so the MySQL path is tested on a machine without MySQL.
 */
class DataDirTemplatesTest {
  @TempDir
  Path dir;

  /** Each test its own template: the templates live for the JVM, keyed by the init arguments. */
  private final List<String> initArgs = List.of("--test-run=" + UUID.randomUUID());

  @Test
  void shouldInitializeOnceAndCopyTheResultIntoEveryNewDataDirectory() throws IOException {
    ServerBinary mySql = fakeInitializer(false);

    DataDirTemplates.initialize(mySql, dir.resolve("one"), initArgs);
    DataDirTemplates.initialize(mySql, dir.resolve("two"), initArgs);

    assertEquals(1, Files.readAllLines(dir.resolve("calls")).size(), "initialized more than once");
    for (String each : List.of("one", "two")) {
      assertEquals("system table", Files.readString(dir.resolve(each).resolve("mysql/user.ibd")).strip());
    }
  }

  @Test
  void shouldGiveEveryMySqlServerAServerUuidOfItsOwn() throws IOException {
    DataDirTemplates.initialize(fakeInitializer(false), dir.resolve("mysql"), initArgs);

    assertFalse(Files.exists(dir.resolve("mysql").resolve("auto.cnf")),
        "a copied auto.cnf gives two servers one server_uuid; mysqld writes a new one at start");
    assertTrue(Files.exists(dir.resolve("mysql").resolve("mysql/user.ibd")));
  }

  @Test
  void shouldKeepEveryFileOfAMariaDbDirectory() throws IOException {
    DataDirTemplates.initialize(fakeInitializer(true), dir.resolve("maria"), initArgs);

    assertTrue(Files.exists(dir.resolve("maria").resolve("auto.cnf")));
  }

  @Test
  void shouldTryAgainAfterAFailedInitialization() throws IOException {
    ServerBinary mySql = fakeInitializer(false);
    Files.writeString(dir.resolve("fail-once"), "");

    IllegalStateException failed = assertThrows(IllegalStateException.class,
        () -> DataDirTemplates.initialize(mySql, dir.resolve("first"), initArgs));
    assertTrue(failed.getMessage().contains("disk full"), failed.getMessage());
    DataDirTemplates.initialize(mySql, dir.resolve("second"), initArgs);

    assertTrue(Files.exists(dir.resolve("second").resolve("mysql/user.ibd")));
  }

  /** A script in the place of mysqld or mariadb-install-db: it writes a small data directory. */
  private ServerBinary fakeInitializer(boolean mariaDb) throws IOException {
    Path script = dir.resolve(mariaDb ? "mariadb-install-db" : "mysqld");
    Files.writeString(script, String.join("\n", "#!/bin/sh",
        "for a in \"$@\"; do case $a in --datadir=*) d=${a#--datadir=};; esac; done",
        "if [ -f '" + dir.resolve("fail-once") + "' ]; then rm '" + dir.resolve("fail-once")
            + "'; echo 'disk full' >&2; exit 1; fi",
        "echo called >> '" + dir.resolve("calls") + "'",
        "mkdir -p \"$d/mysql\"",
        "echo 'system table' > \"$d/mysql/user.ibd\"",
        "echo 'server-uuid=1' > \"$d/auto.cnf\"", ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    // MariaDB's install script is looked up next to the server binary.
    return new ServerBinary(mariaDb ? dir.resolve("mariadbd") : script, mariaDb, mariaDb ? 10 : 8,
        mariaDb ? 11 : 0, 36);
  }
}
