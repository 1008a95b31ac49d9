package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrecheckTokenTest {

    @Test
    void shouldWriteANewTokenEachRunToAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state").resolve("precheck.token");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "an old run's token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrecheckToken first = PrecheckToken.create(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first.value(), Files.readString(file).strip());
        assertEquals(43, first.value().length(), "32 random bytes, base64url");
        assertNotEquals(first.value(), PrecheckToken.create(file).value());
        assertFalse(first.toString().contains(first.value()));
    }

    @Test
    void shouldAdmitOnlyTheExactBearerToken(@TempDir Path dir) throws Exception {
        PrecheckToken token = PrecheckToken.create(dir.resolve("precheck.token"));
        assertTrue(token.admits("Bearer " + token.value()));
        assertTrue(token.admits("bearer " + token.value()), "the scheme is case-insensitive (RFC 7235)");
        assertFalse(token.admits(null));
        assertFalse(token.admits(""));
        assertFalse(token.admits(token.value()), "no scheme");
        assertFalse(token.admits("Basic " + token.value()));
        assertFalse(token.admits("Bearer " + token.value().substring(1)));
        assertFalse(token.admits("Bearer " + token.value() + "x"));
        assertFalse(token.admits("Bearer " + token.value().toUpperCase()));
    }
}
