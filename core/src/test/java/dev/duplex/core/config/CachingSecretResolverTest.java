package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.DuplexException;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.store.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingSecretResolverTest {
    private static final SecretRef.SecretsManager ARN = new SecretRef.SecretsManager(
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:duplex-b-AbCdEf", "password");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final AtomicReference<String> stored = new AtomicReference<>("first");
    private final AtomicInteger reads = new AtomicInteger();
    private final SecretResolver store = ref -> {
        reads.incrementAndGet();
        return new SecretValue(stored.get());
    };

    @TempDir
    Path dir;

    @Test
    void shouldReadTheStoreOncePerTtl() {
        var cache = new CachingSecretResolver(store, Duration.ofSeconds(60), clock);
        assertEquals("first", cache.resolve(ARN).reveal());
        stored.set("second");
        clock.advance(Duration.ofSeconds(59));
        assertEquals("first", cache.resolve(ARN).reveal(), "within the TTL the cached value is used");
        assertEquals(1, reads.get());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("second", cache.resolve(ARN).reveal(), "at the TTL the store is read again");
        assertEquals(2, reads.get());
    }

    @Test
    void shouldReadTheStoreAgainRightAfterAnInvalidation() {
        var cache = new CachingSecretResolver(store, Duration.ofSeconds(60), clock);
        cache.resolve(ARN);
        stored.set("rotated");
        cache.invalidate(ARN);
        assertEquals("rotated", cache.resolve(ARN).reveal());
        assertEquals("rotated", cache.resolve(ARN).reveal(), "and caches the new value");
        assertEquals(2, reads.get());
    }

    @Test
    void shouldNotCacheAFailure() {
        AtomicInteger calls = new AtomicInteger();
        var cache = new CachingSecretResolver(ref -> {
            if (calls.incrementAndGet() == 1) {
                throw new RetriableException("throttled");
            }
            return new SecretValue("pw");
        }, Duration.ofSeconds(60), clock);
        assertThrows(RetriableException.class, () -> cache.resolve(ARN));
        assertEquals("pw", cache.resolve(ARN).reveal());
    }

    @Test
    void shouldCacheSecretsManagerButReadEnvAndFileEveryTime() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("PW", "env-1"));
        Path file = Files.writeString(dir.resolve("pw"), "file-1\n");
        var resolver = new DefaultSecretResolver(env::get, store, Duration.ofSeconds(60), clock);
        SecretRef.Env envRef = new SecretRef.Env("PW");
        SecretRef.File fileRef = new SecretRef.File(file);

        resolver.resolve(ARN);
        stored.set("second");
        env.put("PW", "env-2");
        Files.writeString(file, "file-2\n");
        assertEquals("first", resolver.resolve(ARN).reveal());
        assertEquals("env-2", resolver.resolve(envRef).reveal());
        assertEquals("file-2", resolver.resolve(fileRef).reveal());

        resolver.invalidate(ARN);
        assertEquals("second", resolver.resolve(ARN).reveal());
    }

    @Test
    void shouldRetryARefusedRotatingSecretButFailAWrongLocalOne() {
        DuplexException rotating = RefusedPasswords.failure(ARN, "access denied", null, null);
        assertInstanceOf(RetriableException.class, rotating);
        assertEquals(RefusedPasswords.ACCESS_DENIED, rotating.mysqlErrorCode());
        DuplexException local = RefusedPasswords.failure(new SecretRef.Env("PW"), "access denied", null, null);
        assertInstanceOf(FatalException.class, local);
        assertTrue(local.getMessage().contains("env:PW"));
    }

    @Test
    void shouldTellWhetherTheRereadSecretChanged() {
        var cache = new CachingSecretResolver(store, Duration.ofSeconds(60), clock);
        SecretValue used = cache.resolve(ARN);
        assertFalse(RefusedPasswords.reread(cache, ARN, used).isPresent(), "the store still holds the refused one");
        stored.set("rotated");
        assertEquals("rotated", RefusedPasswords.reread(cache, ARN, used).orElseThrow().reveal(),
                "read past the cache although its TTL has not passed");
    }
}
