package dev.duplex.cli.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local precheck endpoint's per-run bearer token: 256 random bits, kept in an owner-only
 * file of the state directory so that only the user who runs {@code duplex local} (and what
 * runs as that user) can call the endpoint; other local users and web pages cannot.
 */
public final class PrecheckToken {

    /** The header a caller sends: {@code Authorization: Bearer <token>}. */
    public static final String HEADER = "Authorization";
    static final String SCHEME = "Bearer ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private PrecheckToken(String value) {
        this.value = value;
    }

    /** A new token, written to {@code file} (readable and writable by the owner only) before it is used. */
    public static PrecheckToken create(Path file) throws IOException {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        PrecheckToken token = new PrecheckToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        token.writeTo(file);
        return token;
    }

    /** Written under a temporary name created owner-only, then moved: the token is never readable by others. */
    private void writeTo(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
            File f = tmp.toFile();
            boolean ownerOnly = f.setReadable(false, false) && f.setReadable(true, true)
                    && f.setWritable(false, false) && f.setWritable(true, true);
            if (!ownerOnly) {
                Files.delete(tmp);
                throw new IOException("cannot make " + tmp + " readable by its owner only");
            }
        }
        Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public String value() {
        return value;
    }

    /** The header value a caller sends. */
    public String header() {
        return SCHEME + value;
    }

    /** Whether an Authorization header carries this token; compared in constant time. */
    boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] sent = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sent, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The token never appears in a log line or an exception message. */
    @Override
    public String toString() {
        return "PrecheckToken[****]";
    }
}
