package dev.duplex.cli.demo;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.thread.StartedBoth;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Two MariaDB (or MySQL) sandboxes and a task config that synchronizes them, written to a
 * directory with the passwords in owner-only files referenced as {@code file:} secrets.
 */
public final class DemoCluster implements AutoCloseable {
    private final MySqlSandbox a;
    private final MySqlSandbox b;
    private final Path configFile;
    private final String document;
    private final TaskConfig config;

    private DemoCluster(MySqlSandbox a, MySqlSandbox b, Path configFile, String document) {
        this.a = a;
        this.b = b;
        this.configFile = configFile;
        this.document = document;
        this.config = TaskConfigLoader.parse(document, TaskConfigLoader.Format.YAML);
    }

    /**
     * @param objectsYaml the {@code objects:} list, e.g. "- database: shop"
     * @param syncYaml    the {@code sync:} mapping's body, e.g. "conflictPolicy: overwrite"; without a
     *                    {@code types:} line the task is incremental only
     */
    public static DemoCluster start(Path dir, String task, String objectsYaml, String syncYaml) {
        return start(dir, task, objectsYaml, syncYaml, "");
    }

    /** @param moreYaml further top-level keys, e.g. "precheck: {acknowledge: [triggers.b.*]}" */
    public static DemoCluster start(Path dir, String task, String objectsYaml, String syncYaml, String moreYaml) {
        // Side by side: each sandbox spends its start initializing files and waiting for its server.
        StartedBoth<MySqlSandbox, MySqlSandbox> both = StartedBoth.start(() -> MySqlSandbox.start("a", 1),
                () -> MySqlSandbox.start("b", 2), "sandbox-b");
        MySqlSandbox a = both.first();
        MySqlSandbox b = both.second();
        try {
            Files.createDirectories(dir);
            String doc = """
                    task: %s
                    nodes:
                      a: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                      b: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                    sync:
                    %s
                    objects:
                    %s
                    %s
                    """.formatted(task, a.host(), a.port(), a.user(), passwordFile(dir, "a", a),
                    b.host(), b.port(), b.user(), passwordFile(dir, "b", b),
                    (syncYaml.contains("types:") ? syncYaml : "types: [incremental]\n" + syncYaml).indent(2),
                    objectsYaml.indent(2), moreYaml);
            Path file = dir.resolve("task.yaml");
            Files.writeString(file, doc);
            return new DemoCluster(a, b, file, doc);
        } catch (IOException | RuntimeException e) {
            b.close();
            a.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static Path passwordFile(Path dir, String node, MySqlServer server) throws IOException {
        Path f = dir.resolve("password-" + node);
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, server.password());
        return f;
    }

    public MySqlSandbox a() {
        return a;
    }

    public MySqlSandbox b() {
        return b;
    }

    public MySqlSandbox node(String id) {
        return "a".equals(id) ? a : b;
    }

    public Path configFile() {
        return configFile;
    }

    public String document() {
        return document;
    }

    public TaskConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            a.close();
        }
    }
}
