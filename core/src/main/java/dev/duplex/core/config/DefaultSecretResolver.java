package dev.duplex.core.config;

import dev.duplex.core.error.FatalException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves env and file references itself and hands Secrets Manager references to a delegate,
 * so tests can supply the environment and no AWS client is built unless one is needed. Env and
 * file references are read on every call (a rewritten file counts at the next connection);
 * Secrets Manager answers are cached for a while so that opening connections does not call AWS
 * each time, and {@link #invalidate} drops them when a server refused the password.
 */
public final class DefaultSecretResolver implements SecretResolver {

    private final Function<String, String> environment;
    private final CachingSecretResolver secretsManager;

    public DefaultSecretResolver(Function<String, String> environment, SecretResolver secretsManager) {
        this(environment, secretsManager, CachingSecretResolver.DEFAULT_TTL, Clock.systemUTC());
    }

    /** @param ttl how long a Secrets Manager answer is used before it is read again */
    public DefaultSecretResolver(Function<String, String> environment, SecretResolver secretsManager, Duration ttl,
                                 Clock clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.secretsManager = new CachingSecretResolver(Objects.requireNonNull(secretsManager, "secretsManager"),
                ttl, clock);
    }

    @Override
    public SecretValue resolve(SecretRef ref) {
        return switch (ref) {
            case SecretRef.Env env -> fromEnvironment(env);
            case SecretRef.File file -> fromFile(file);
            case SecretRef.SecretsManager sm -> secretsManager.resolve(sm);
        };
    }

    @Override
    public void invalidate(SecretRef ref) {
        secretsManager.invalidate(ref);
    }

    private SecretValue fromEnvironment(SecretRef.Env env) {
        String value = environment.apply(env.name());
        if (value == null) {
            throw new FatalException("environment variable " + env.name() + " is not set (referenced as "
                    + env.reference() + "); set it in the environment of the process that runs the task");
        }
        return new SecretValue(value);
    }

    /** Drops one trailing newline: `echo secret > file` writes one, and no password ends in it. */
    private static SecretValue fromFile(SecretRef.File file) {
        try {
            String value = Files.readString(file.path(), StandardCharsets.UTF_8);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            } else if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return new SecretValue(value);
        } catch (NoSuchFileException e) {
            throw new FatalException("secret file " + file.path() + " does not exist");
        } catch (IOException e) {
            throw new FatalException("cannot read secret file " + file.path() + ": " + e.getClass().getSimpleName());
        }
    }
}
