package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.FatalException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRefTest {

    private static final SecretResolver NO_AWS = ref -> {
        throw new AssertionError("no AWS in unit tests");
    };

    @Test
    void shouldParseEachKindOfReference() {
        assertEquals(new SecretRef.Env("DUPLEX_A"), SecretRef.parse("env:DUPLEX_A"));
        assertEquals(new SecretRef.File(Path.of("/run/secrets/a")), SecretRef.parse("file:/run/secrets/a"));
        String arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:duplex-a-AbCdEf";
        SecretRef.SecretsManager sm = (SecretRef.SecretsManager) SecretRef.parse("secretsmanager:" + arn + "#password");
        assertEquals(arn, sm.arn());
        assertEquals("password", sm.key().orElseThrow());
        assertEquals("eu-west-1", sm.region());
        assertEquals("secretsmanager:" + arn + "#password", sm.reference());
    }

    @Test
    void shouldRejectNonReferencesWithoutRepeatingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretRef.parse("hunter2"));
        assertFalse(e.getMessage().contains("hunter2"));
        assertThrows(IllegalArgumentException.class, () -> SecretRef.parse("env:1BAD"));
    }

    @Test
    void shouldResolveEnvironmentVariables() {
        SecretResolver r = new DefaultSecretResolver(Map.of("DUPLEX_A", "pw")::get, NO_AWS);
        assertEquals("pw", r.resolve(new SecretRef.Env("DUPLEX_A")).reveal());
        FatalException e = assertThrows(FatalException.class, () -> r.resolve(new SecretRef.Env("MISSING")));
        assertTrue(e.getMessage().contains("environment variable MISSING is not set"), e.getMessage());
    }

    @Test
    void shouldReportMissingSecretFile() {
        SecretResolver r = new DefaultSecretResolver(name -> null, NO_AWS);
        FatalException e = assertThrows(FatalException.class,
                () -> r.resolve(new SecretRef.File(Path.of("/nonexistent/duplex/secret"))));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
