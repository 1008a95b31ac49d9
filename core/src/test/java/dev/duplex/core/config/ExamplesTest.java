package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExamplesTest {

    /** Surefire runs with core/ as working directory; an IDE may use the repository root. */
    private static Path examples() {
        Path fromModule = Path.of("..", "examples");
        return Files.isDirectory(fromModule) ? fromModule : Path.of("examples");
    }

    @Test
    void shouldLoadEveryExample() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(examples())) {
            files = s.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "examples found: " + files);
        for (Path f : files) {
            TaskConfig c = TaskConfigLoader.load(f);
            assertNotNull(c.task(), f.toString());
            assertFalse(c.objects().databases().isEmpty(), f.toString());
        }
    }

    @Test
    void shouldDescribeTheLocalTwoWayExample() {
        TaskConfig c = TaskConfigLoader.load(examples().resolve("two-way-local.yaml"));
        assertEquals("shop-sync", c.task());
        assertEquals(3306, c.a().port());
        assertEquals(3307, c.b().port());
        assertNotNull(c.selectionFor("shop", "products"));
        assertEquals("crm_eu", c.targetDatabaseName("crm"));
        assertEquals("clients", c.targetTableName("crm", "customers"));
        assertEquals("region = 'EU'", c.whereFor("crm", "customers").text());
    }

    @Test
    void shouldVerifyTheRdsNodesOfTheAwsExampleAgainstAmazonsBundle() {
        TaskConfig c = TaskConfigLoader.load(examples().resolve("aws-gh-ost.yaml"));
        for (NodeConfig n : List.of(c.a(), c.b())) {
            assertEquals(TlsMode.VERIFY_IDENTITY, n.tls(), n.host());
            assertTrue(n.tlsCa() instanceof SecretRef.SecretsManager s && s.arn().contains(":secret:duplex-rds-ca-"),
                    n.host() + ": " + n.tlsCa());
        }
    }
}
