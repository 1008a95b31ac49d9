package dev.duplex.precheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.duplex.core.config.DefaultSecretResolver;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.sandbox.MySqlServer;
import dev.duplex.sandbox.TestCertificates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Task configurations for sandbox pairs, and SQL on the sandboxes. */
public final class Sandboxes {

    private Sandboxes() {}

    /** The nodes section for two servers; passwords come from env:PW_A and env:PW_B (see {@link #secrets}). */
    public static String nodes(MySqlServer a, String userA, MySqlServer b, String userB, String tls) {
        return "nodes:\n"
                + "  a: {host: " + a.host() + ", port: " + a.port() + ", user: " + userA + ", password: env:PW_A, tls: " + tls + "}\n"
                + "  b: {host: " + b.host() + ", port: " + b.port() + ", user: " + userB + ", password: env:PW_B, tls: " + tls + "}\n";
    }

    public static String task(MySqlServer a, MySqlServer b, String rest) {
        return "task: precheck-it\n" + nodes(a, a.user(), b, b.user(), "preferred") + rest;
    }

    public static TaskConfig config(String yaml) {
        return TaskConfigLoader.parse(yaml, TaskConfigLoader.Format.YAML);
    }

    /** Resolves env:PW_A and env:PW_B (and any extra names) without touching the process environment. */
    public static SecretResolver secrets(Map<String, String> env) {
        return new DefaultSecretResolver(env::get, ref -> {
            throw new IllegalStateException("no Secrets Manager in tests");
        });
    }

    public static SecretResolver secrets(MySqlServer a, MySqlServer b) {
        return secrets(Map.of("PW_A", a.password(), "PW_B", b.password()));
    }

    public static void sql(MySqlServer server, String... statements) {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup SQL failed on " + server.name() + ": " + e.getMessage(), e);
        }
    }

    /** The item, which must be in the report. */
    public static CheckItem item(PrecheckReport report, String id) {
        CheckItem item = report.item(id);
        assertNotNull(item, () -> "no item " + id + " in " + report.items().stream().map(CheckItem::id).toList());
        return item;
    }

    public static CheckItem assertItem(PrecheckReport report, String id, Status status) {
        CheckItem item = item(report, id);
        assertEquals(status, item.status(), () -> id + ": " + item);
        return item;
    }

    /** A self-signed certificate and key for 127.0.0.1 (openssl), as server options for a sandbox. */
    public static Map<String, String> tlsOptions(Path dir) {
        return TestCertificates.serverOptions(TestCertificates.selfSigned(dir, "server", "127.0.0.1"), null);
    }
}
