package dev.duplex.cli.fullsync;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.sandbox.MySqlSandbox;
import dev.duplex.sandbox.MySqlServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Two MariaDB sandboxes and task configs over them that ask for schema and full sync. */
final class FullSyncCluster implements AutoCloseable {
    final MySqlSandbox a;
    final MySqlSandbox b;
    final Path dir;

    /** A task config and its document, written to {@code file}. */
    record Task(TaskConfig config, String document, Path file) {}

    private FullSyncCluster(MySqlSandbox a, MySqlSandbox b, Path dir) {
        this.a = a;
        this.b = b;
        this.dir = dir;
    }

    static FullSyncCluster start(Path dir) {
        CompletableFuture<MySqlSandbox> b = CompletableFuture.supplyAsync(() -> MySqlSandbox.start("b", 2));
        MySqlSandbox a;
        try {
            a = MySqlSandbox.start("a", 1);
        } catch (RuntimeException e) {
            b.join().close();
            throw e;
        }
        try {
            return new FullSyncCluster(a, b.join(), dir);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** @param syncYaml lines under {@code sync:} besides the types, e.g. "conflictingTables: ignore-and-proceed" */
    Task task(String name, String syncYaml, String objectsYaml) {
        try {
            Files.createDirectories(dir);
            String doc = """
                    task: %s
                    nodes:
                      a: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                      b: {host: %s, port: %d, user: %s, password: "file:%s", tls: disabled}
                    sync:
                      types: [schema, full, incremental]
                    %s
                    objects:
                    %s
                    """.formatted(name, a.host(), a.port(), a.user(), passwordFile("a", a), b.host(), b.port(),
                    b.user(), passwordFile("b", b), syncYaml.indent(2), objectsYaml.indent(2));
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, doc);
            return new Task(TaskConfigLoader.parse(doc, TaskConfigLoader.Format.YAML), doc, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path passwordFile(String node, MySqlServer server) throws IOException {
        Path f = dir.resolve("password-" + node);
        if (!Files.exists(f)) {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(f, server.password());
        }
        return f;
    }

    static void sql(MySqlServer node, String... statements) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Rows of {@code query}, each as its columns joined by '|'. */
    static List<String> rows(MySqlServer node, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = node.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i == 1 ? "" : "|").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static long scalar(MySqlServer node, String query) throws SQLException {
        try (Connection c = node.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
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
