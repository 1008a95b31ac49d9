package dev.duplex.aws.secrets;

import dev.duplex.core.config.DefaultSecretResolver;
import dev.duplex.core.config.SecretResolver;

/**
 * The resolver a process uses unless a test gives it another: what {@link SecretResolver} leaves to
 * the edges (capture's main, the apply and precheck functions, the cli), since the domain does not
 * reach AWS itself.
 */
public final class SecretResolvers {
    private SecretResolvers() {}

    /**
     * Resolves env and file references from this process on every call, Secrets Manager through
     * the AWS SDK with a cache of {@link CachingSecretResolver#DEFAULT_TTL}.
     */
    public static SecretResolver defaults() {
        return new DefaultSecretResolver(System::getenv, new SecretsManagerSecrets());
    }
}
