package dev.duplex.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh data directories for sandboxes. Initializing one (mariadb-install-db, mysqld
 * --initialize) takes about 0.9 s; copying an initialized one takes under 0.1 s. So each JVM
 * initializes once per set of init arguments and copies that template into every new sandbox:
 * the test suite starts a few hundred servers.
 */
final class DataDirTemplates {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirTemplates.class);
  /** MySQL keeps its server_uuid here; two servers with one uuid break GTID replication. */
  private static final String MYSQL_UUID_FILE = "auto.cnf";
  private static final Map<List<String>, Path> TEMPLATES = new ConcurrentHashMap<>();

  private DataDirTemplates() {}

  /**
   * Fills {@code dataDir} (which must not exist) with a freshly initialized data directory.
   * {@code initArgs} are server options that shape the files (e.g. the redo log size); a
   * template is made for each distinct list.
   */
  static void initialize(ServerBinary binary, Path dataDir, List<String> initArgs) {
    Path template = TEMPLATES.computeIfAbsent(List.copyOf(initArgs), args -> create(binary, args));
    copyTree(template, dataDir);
    if (!binary.mariaDb()) {
      delete(dataDir.resolve(MYSQL_UUID_FILE));
    }
  }

  private static Path create(ServerBinary binary, List<String> initArgs) {
    long begin = System.nanoTime();
    SandboxPaths paths = SandboxPaths.create("template");
    SandboxReaper.track(paths.base());
    List<String> args = new ArrayList<>(initArgs);
    // Its own tmpdir: bootstraps running at once in the shared /tmp collide on temp table names.
    args.add("--tmpdir=" + paths.tmpDir());
    try {
      ServerBinary.run(binary.initializeCommand(paths.dataDir(), ServerOptions.isRoot(), args));
    } catch (RuntimeException e) {
      SandboxReaper.delete(paths.base());
      throw e;
    }
    LOG.info("initialized the sandbox data directory template {} in {} ms", paths.dataDir(),
        (System.nanoTime() - begin) / 1_000_000);
    return paths.dataDir();
  }

  private static void copyTree(Path from, Path to) {
    try {
      Files.walkFileTree(from, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          Files.copy(dir, to.resolve(from.relativize(dir)), StandardCopyOption.COPY_ATTRIBUTES);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the sandbox data directory template " + from
          + " to " + to + ": " + e.getMessage() + "; check free space in java.io.tmpdir", e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
