package dev.duplex.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a secret lives; never the secret itself. Written as {@code env:NAME},
 * {@code file:/path} or {@code secretsmanager:ARN[#jsonKey]}.
 */
public sealed interface SecretRef {

    /** The reference as written, safe to show. */
    String reference();

    /**
     * Whether its store rotates the secret on its own: Secrets Manager's rotation sets the new
     * password on the server before the secret holds it, so a refused password may be the
     * moment between the two, not a wrong one.
     */
    default boolean rotates() {
        return false;
    }

    /** An environment variable of the process that needs the secret. */
    record Env(String name) implements SecretRef {
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Env {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("environment variable name must be letters, digits and _"
                        + " and not start with a digit");
            }
        }

        @Override
        public String reference() {
            return "env:" + name;
        }
    }

    /** A file holding the secret; one trailing newline is ignored. */
    record File(Path path) implements SecretRef {
        public File {
            Objects.requireNonNull(path, "path");
            if (path.toString().isBlank()) {
                throw new IllegalArgumentException("file path is empty");
            }
        }

        @Override
        public String reference() {
            return "file:" + path;
        }
    }

    /**
     * An AWS Secrets Manager secret by ARN. With {@code jsonKey}, the secret string is a JSON
     * object (as RDS-managed secrets are) and the secret is that key's value.
     */
    record SecretsManager(String arn, String jsonKey) implements SecretRef {
        private static final Pattern ARN =
                Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\\d{12}:secret:[A-Za-z0-9/_+=.@!-]+");

        public SecretsManager {
            if (arn == null || !ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("expected a Secrets Manager ARN like "
                        + "arn:aws:secretsmanager:eu-west-1:123456789012:secret:duplex-a");
            }
            jsonKey = jsonKey == null || jsonKey.isEmpty() ? null : jsonKey;
        }

        /** The region named in the ARN, where the secret must be read. */
        public String region() {
            var m = ARN.matcher(arn);
            m.matches();
            return m.group(1);
        }

        public Optional<String> key() {
            return Optional.ofNullable(jsonKey);
        }

        @Override
        public boolean rotates() {
            return true;
        }

        @Override
        public String reference() {
            return "secretsmanager:" + arn + (jsonKey == null ? "" : "#" + jsonKey);
        }
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid file path: " + e.getReason());
        }
    }

    /** Whether {@code text} is written as a reference at all (a scheme we know). */
    static boolean looksLikeReference(String text) {
        return text != null && (text.startsWith("env:") || text.startsWith("file:")
                || text.startsWith("secretsmanager:"));
    }

    /**
     * Parses a reference. The exception message never repeats {@code text}: if it is not a
     * reference it may be a password.
     */
    static SecretRef parse(String text) {
        if (!looksLikeReference(text)) {
            throw new IllegalArgumentException("not a secret reference (env:NAME, file:/path or secretsmanager:ARN)");
        }
        int colon = text.indexOf(':');
        String scheme = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        return switch (scheme) {
            case "env" -> new Env(rest);
            case "file" -> new File(path(rest));
            default -> {
                int hash = rest.indexOf('#');
                yield hash < 0 ? new SecretsManager(rest, null)
                        : new SecretsManager(rest.substring(0, hash), rest.substring(hash + 1));
            }
        };
    }
}
