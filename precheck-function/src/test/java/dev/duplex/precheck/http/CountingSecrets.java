package dev.duplex.precheck.http;

import dev.duplex.core.config.SecretRef;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.SecretValue;
import dev.duplex.core.error.FatalException;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The function's secrets in {@link PrecheckFunctionIT}: the test's Secrets Manager (ARNs it
 * registers, resolved to its sandboxes' passwords) and a count of every secret asked for, so a
 * test can show that a refused request read none.
 */
@Singleton
public class CountingSecrets implements SecretResolver {

    static final AtomicInteger RESOLVED = new AtomicInteger();
    static final Map<String, String> SECRETS_MANAGER = new ConcurrentHashMap<>();

    @Override
    public SecretValue resolve(SecretRef ref) {
        RESOLVED.incrementAndGet();
        if (ref instanceof SecretRef.SecretsManager sm && SECRETS_MANAGER.containsKey(sm.arn())) {
            return new SecretValue(SECRETS_MANAGER.get(sm.arn()));
        }
        throw new FatalException("secret " + ref.reference() + " does not exist in this test");
    }
}
