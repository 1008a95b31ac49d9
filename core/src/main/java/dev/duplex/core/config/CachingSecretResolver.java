package dev.duplex.core.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps what a slow or billed store (Secrets Manager) returned for {@code ttl}, so that a busy
 * apply opening connection after connection does not call it each time, while a rotated secret
 * still arrives within the TTL. {@link #invalidate} forgets a secret at once: the server refused
 * it, so the next resolve reads the store. Failures are not cached.
 */
public final class CachingSecretResolver implements SecretResolver {
    /** Short enough that a rotated secret arrives soon even without a refusal to invalidate it. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private record Cached(SecretValue value, Instant expires) {}

    private final SecretResolver store;
    private final Duration ttl;
    private final Clock clock;
    private final Map<SecretRef, Cached> cache = new ConcurrentHashMap<>();

    public CachingSecretResolver(SecretResolver store, Duration ttl, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
    }

    @Override
    public SecretValue resolve(SecretRef ref) {
        Instant now = clock.instant();
        Cached c = cache.get(ref);
        if (c != null && now.isBefore(c.expires())) {
            return c.value();
        }
        SecretValue value = store.resolve(ref);
        cache.put(ref, new Cached(value, now.plus(ttl)));
        return value;
    }

    @Override
    public void invalidate(SecretRef ref) {
        cache.remove(ref);
        store.invalidate(ref);
    }
}
