package dev.duplex.sandbox.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks a deployment package the way Lambda lays it out in {@code /var/task}. */
final class Deployment {
  private Deployment() {}

  /** Replaces {@code taskRoot} with the zip's contents; refuses entries that point outside it. */
  static void unzip(Path zip, Path taskRoot) {
    if (!Files.isRegularFile(zip)) {
      throw new IllegalArgumentException("no deployment package at " + zip.toAbsolutePath()
          + " (build it first, e.g. ./mvnw package -pl apply-function -am)");
    }
    try {
      deleteTree(taskRoot);
      Files.createDirectories(taskRoot);
      Path root = taskRoot.toRealPath();
      try (ZipFile z = new ZipFile(zip.toFile())) {
        for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
          extract(z, e.nextElement(), root);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + zip + " into " + taskRoot + ": " + e.getMessage(), e);
    }
  }

  private static void extract(ZipFile zip, ZipEntry entry, Path root) throws IOException {
    Path target = root.resolve(entry.getName()).normalize();
    if (!target.startsWith(root)) {
      throw new IOException("zip entry '" + entry.getName() + "' points outside the task directory");
    }
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      return;
    }
    Files.createDirectories(target.getParent());
    try (InputStream in = zip.getInputStream(entry)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
