package dev.duplex.core.config;

/**
 * Turns a {@link SecretRef} into the secret. Implementations throw
 * {@link dev.duplex.core.error.FatalException} when the secret does not exist and
 * {@link dev.duplex.core.error.RetriableException} when its store is unreachable; their messages
 * name the reference, never the value.
 */
public interface SecretResolver {

    SecretValue resolve(SecretRef ref);

    /** Resolves env and file references from this process, Secrets Manager through the AWS SDK. */
    static SecretResolver defaults() {
        return new DefaultSecretResolver(System::getenv, new SecretsManagerSecrets());
    }
}
