package dev.duplex.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The files of one sandbox, all under one temp directory so cleanup is one delete. */
record SandboxPaths(Path base) {
  /** Unix socket paths longer than about 107 bytes cannot be bound. */
  private static final int MAX_BASE_LENGTH = 80;

  static SandboxPaths create(String name) {
    try {
      Path parent = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
      if (parent.toString().length() > MAX_BASE_LENGTH - 30) {
        parent = Path.of("/tmp");
      }
      Path base = Files.createTempDirectory(parent, "duplex-mysql-" + name + "-");
      SandboxPaths paths = new SandboxPaths(base);
      Files.createDirectories(paths.tmpDir());
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp directory for sandbox '" + name
          + "': " + e.getMessage() + "; check free space and permissions of java.io.tmpdir", e);
    }
  }

  Path dataDir() {
    return base.resolve("data");
  }

  Path tmpDir() {
    return base.resolve("tmp");
  }

  Path socket() {
    return base.resolve("mysqld.sock");
  }

  Path pidFile() {
    return base.resolve("mysqld.pid");
  }

  /** Server stdout and stderr, appended across restarts so one file tells the whole story. */
  Path logFile() {
    return base.resolve("server.log");
  }

  Path initFile() {
    return base.resolve("init.sql");
  }

  /** Writes SQL that only the server may read: it holds the account password. */
  void writeInitFile(String sql) {
    try {
      Files.deleteIfExists(initFile());
      Files.createFile(initFile(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(initFile(), sql);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + initFile() + ": " + e.getMessage(), e);
    }
  }

  void deleteInitFile() {
    try {
      Files.deleteIfExists(initFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + initFile() + ": " + e.getMessage(), e);
    }
  }

  long logSize() {
    try {
      return Files.exists(logFile()) ? Files.size(logFile()) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
