package dev.duplex.core.config;

/**
 * Turns a {@link SecretRef} into the secret. Implementations throw
 * {@link dev.duplex.core.error.FatalException} when the secret does not exist and
 * {@link dev.duplex.core.error.RetriableException} when its store is unreachable; their messages
 * name the reference, never the value. The one a process uses by default is built where the
 * process starts (the AWS adapter's {@code SecretResolvers.defaults()}).
 */
public interface SecretResolver {

    SecretValue resolve(SecretRef ref);

    /**
     * Forgets what a cache holds for {@code ref}, so that the next {@link #resolve} reads its store:
     * called when a server refused the password (MySQL error 1045). Nothing to do without a cache.
     */
    default void invalidate(SecretRef ref) {
    }
}
