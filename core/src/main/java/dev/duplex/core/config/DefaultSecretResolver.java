package dev.duplex.core.config;

import dev.duplex.core.error.FatalException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves env and file references itself and hands Secrets Manager references to a delegate,
 * so tests can supply the environment and no AWS client is built unless one is needed.
 */
public final class DefaultSecretResolver implements SecretResolver {

    private final Function<String, String> environment;
    private final SecretResolver secretsManager;

    public DefaultSecretResolver(Function<String, String> environment, SecretResolver secretsManager) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.secretsManager = Objects.requireNonNull(secretsManager, "secretsManager");
    }

    @Override
    public SecretValue resolve(SecretRef ref) {
        return switch (ref) {
            case SecretRef.Env env -> fromEnvironment(env);
            case SecretRef.File file -> fromFile(file);
            case SecretRef.SecretsManager sm -> secretsManager.resolve(sm);
        };
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
