package dev.duplex.bench;

import dev.duplex.sandbox.MySqlServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration file of a bench task, written as a user writes one. */
final class BenchTaskConfig {
    private BenchTaskConfig() {}

    /**
     * The task config between {@code a} and {@code b} (passwords in owner-only files next to it),
     * written to {@code dir/task.yaml} as a user would write it; returns the document.
     */
    static String write(Path dir, String task, MySqlServer a, MySqlServer b, List<String> databases,
                        List<String> syncTypes) {
        return write(dir, task, a, b, databases, syncTypes, null, false);
    }

    /**
     * @param fullSync    the task's sync.fullSync mapping (YAML flow style), null for the defaults
     * @param tableGroups {@code partitioning: table}; DDL sync off then, as the bench ran it before
     *                    table groups synchronized DDL, so that its figures stay comparable
     */
    static String write(Path dir, String task, MySqlServer a, MySqlServer b, List<String> databases,
                        List<String> syncTypes, String fullSync, boolean tableGroups) {
        try {
            Files.createDirectories(dir);
            String doc = """
                    task: %s
                    nodes:
                      a: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                      b: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                    sync:
                      types: [%s]%s%s
                    objects:
                    %s
                    %s""".formatted(task, a.host(), a.port(), a.user(), passwordFile(dir, "a", a), b.host(), b.port(),
                    b.user(), passwordFile(dir, "b", b), String.join(", ", syncTypes),
                    fullSync == null ? "" : "\n  fullSync: " + fullSync, tableGroups ? "\n  ddl: false" : "",
                    databases.stream().map(d -> "  - database: " + d).collect(Collectors.joining("\n")),
                    tableGroups ? "partitioning: table\n" : "");
            Files.writeString(dir.resolve("task.yaml"), doc);
            return doc;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench task config in " + dir, e);
        }
    }

    private static Path passwordFile(Path dir, String node, MySqlServer server) throws IOException {
        Path f = dir.resolve("password-" + node);
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, server.password());
        return f;
    }
}
