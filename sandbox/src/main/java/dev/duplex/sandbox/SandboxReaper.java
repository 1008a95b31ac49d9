package dev.duplex.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills every sandbox server and deletes every sandbox directory still around when the JVM
 * exits, so a failed or interrupted test run never leaves servers or data behind.
 */
final class SandboxReaper {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxReaper.class);
  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
  private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();
  private static final Set<ShutdownGrace> GRACES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SandboxReaper::reapAll, "duplex-sandbox-reaper"));
  }

  private SandboxReaper() {}

  static void track(Process process) {
    PROCESSES.add(process);
  }

  static void untrack(Process process) {
    PROCESSES.remove(process);
  }

  static void track(Path directory) {
    DIRECTORIES.add(directory);
  }

  /** Deletes the directory now and forgets it. */
  static void delete(Path directory) {
    DIRECTORIES.remove(directory);
    deleteRecursively(directory);
  }

  static void register(ShutdownGrace grace) {
    GRACES.add(grace);
  }

  static void deregister(ShutdownGrace grace) {
    GRACES.remove(grace);
  }

  private static void reapAll() {
    // Shutdown hooks run at once: a command stopping on Ctrl-C still drains and verifies
    // through these servers, so they are killed only after it is done (or out of time).
    for (ShutdownGrace grace : GRACES) {
      if (!grace.awaitDone()) {
        return;
      }
    }
    PROCESSES.forEach(Process::destroyForcibly);
    for (Process process : PROCESSES) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    DIRECTORIES.forEach(SandboxReaper::deleteRecursively);
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // Leftover temp files are harmless; failing a test's cleanup over them is not.
      LOG.warn("could not delete {}: {}", root, e.toString());
    }
  }
}
