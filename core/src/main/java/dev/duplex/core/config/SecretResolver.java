package dev.duplex.core.config;

/**
 * Turns a {@link SecretRef} into the secret. Implementations throw
 * {@link dev.duplex.core.error.FatalException} when the secret does not exist and
 * {@link dev.duplex.core.error.RetriableException} when its store is unreachable; their messages
 * name the reference, never the value.
 */
public interface SecretResolver {

    SecretValue resolve(SecretRef ref);

    /**
     * Forgets what a cache holds for {@code ref}, so that the next {@link #resolve} reads its store:
     * called when a server refused the password (MySQL error 1045). Nothing to do without a cache.
     */
    default void invalidate(SecretRef ref) {
    }

    /**
     * Resolves env and file references from this process on every call, Secrets Manager through
     * the AWS SDK with a cache of {@link CachingSecretResolver#DEFAULT_TTL}.
     */
    static SecretResolver defaults() {
        return new DefaultSecretResolver(System::getenv, new SecretsManagerSecrets());
    }
}
