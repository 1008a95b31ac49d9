package dev.duplex.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The installed mariadbd or mysqld: where it is, which flavor and version, how to initialize. */
record ServerBinary(Path path, boolean mariaDb, int major, int minor, int patch) {

  static final String OVERRIDE_ENV = "DUPLEX_MYSQLD";
  private static final List<String> SEARCH_DIRS =
      List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/mysql/bin", "/usr/bin");
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
  private static volatile ServerBinary detected;

  /** Finds and probes the server once per JVM: every sandbox uses the same binary. */
  static ServerBinary detect() {
    ServerBinary result = detected;
    if (result == null) {
      synchronized (ServerBinary.class) {
        if (detected == null) {
          detected = probe(locate());
        }
        result = detected;
      }
    }
    return result;
  }

  static Path locate() {
    String override = System.getenv(OVERRIDE_ENV);
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(OVERRIDE_ENV + "=" + override
            + " is not an executable file: point it at a mariadbd or mysqld binary");
      }
      return path;
    }
    for (String name : List.of("mariadbd", "mysqld")) {
      for (Path dir : searchDirs()) {
        Path candidate = dir.resolve(name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("no mariadbd or mysqld found: install mariadb-server "
        + "(apt-get install -y mariadb-server) or set " + OVERRIDE_ENV);
  }

  private static List<Path> searchDirs() {
    List<Path> dirs = new ArrayList<>();
    String pathEnv = System.getenv().getOrDefault("PATH", "");
    for (String entry : pathEnv.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        dirs.add(Path.of(entry));
      }
    }
    SEARCH_DIRS.forEach(dir -> dirs.add(Path.of(dir)));
    return dirs;
  }

  static ServerBinary probe(Path path) {
    String output = run(List.of(path.toString(), "--version"));
    Matcher matcher = VERSION.matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException(path + " --version printed no version (" + output.strip()
          + "): is it really a MySQL or MariaDB server? Set " + OVERRIDE_ENV + " to one");
    }
    return new ServerBinary(path, output.contains("MariaDB"), Integer.parseInt(matcher.group(1)),
        Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
  }

  boolean atLeast(int wantMajor, int wantMinor, int wantPatch) {
    if (major != wantMajor) {
      return major > wantMajor;
    }
    return minor != wantMinor ? minor > wantMinor : patch >= wantPatch;
  }

  /** binlog_row_metadata exists from MariaDB 10.5 and MySQL 8.0.1. */
  boolean supportsRowMetadata() {
    return mariaDb ? atLeast(10, 5, 0) : atLeast(8, 0, 1);
  }

  /**
   * The command that creates a fresh data directory with the system tables. {@code serverArgs}
   * are passed through, so files sized at creation (the redo log) match the later starts.
   */
  List<String> initializeCommand(Path dataDir, boolean asRoot, List<String> serverArgs) {
    List<String> command = new ArrayList<>();
    if (mariaDb) {
      command.add(installDbScript().toString());
      command.add("--no-defaults");
      command.add("--auth-root-authentication-method=normal");
      command.add("--skip-test-db");
      basedir().ifPresent(dir -> command.add("--basedir=" + dir));
    } else {
      command.add(path.toString());
      command.add("--no-defaults");
      command.add("--initialize-insecure");
    }
    command.add("--datadir=" + dataDir);
    if (asRoot) {
      command.add("--user=root");
    }
    command.addAll(serverArgs);
    return command;
  }

  /** A tarball install needs --basedir; a distribution package under /usr finds its files. */
  private Optional<Path> basedir() {
    Path home = path.toAbsolutePath().getParent().getParent();
    return home == null || home.equals(Path.of("/usr")) ? Optional.empty()
        : Optional.of(home);
  }

  private Path installDbScript() {
    Path binDir = path.toAbsolutePath().getParent();
    List<Path> candidates = new ArrayList<>();
    for (String name : List.of("mariadb-install-db", "mysql_install_db")) {
      candidates.add(binDir.resolve(name));
      candidates.add(binDir.resolveSibling("bin").resolve(name));
      candidates.add(binDir.resolveSibling("scripts").resolve(name));
      searchDirs().forEach(dir -> candidates.add(dir.resolve(name)));
    }
    return candidates.stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException("no mariadb-install-db found next to " + path
            + ": install mariadb-server (apt-get install -y mariadb-server)"));
  }

  /** Runs a short command and returns its combined output; fails with that output. */
  static String run(List<String> command) {
    try {
      Path out = Files.createTempFile("duplex-cmd-", ".log");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("timed out after 120 s: " + String.join(" ", command));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
              + process.exitValue() + ":\n" + Logs.tail(output, 30));
        }
        return output;
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }
}
