package dev.duplex.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Log tails for error messages: the server's own words are usually the quickest diagnosis. */
final class Logs {
  private Logs() {}

  static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** What was appended to the file after {@code byteOffset}, e.g. by the latest server start. */
  static String since(Path file, long byteOffset) {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(Math.min(byteOffset, Files.size(file)));
      // Decoding leniently: a crashing server can leave partial or non-UTF-8 bytes.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log at " + file + ": " + e.getMessage() + ")";
    }
  }
}
