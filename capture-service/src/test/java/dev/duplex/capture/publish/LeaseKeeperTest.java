package dev.duplex.capture.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.testing.FakeLeaseStore;
import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class LeaseKeeperTest {
    private final Clock clock = Clock.systemUTC();
    private final FakeLeaseStore store = new FakeLeaseStore(clock);

    private Lease acquire(Duration ttl) {
        return store.tryAcquire("t", "a", "me", ttl).orElseThrow();
    }

    @Test
    void shouldRenewTheLeaseWhileRunning() throws Exception {
        Lease first = acquire(Duration.ofMillis(400));
        LeaseKeeper keeper = new LeaseKeeper(store, first, Duration.ofMillis(400), Duration.ofMillis(50), clock, () -> { });
        keeper.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (store.renewals.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(store.renewals.get() >= 3);
        assertTrue(keeper.lease().expiresAt().isAfter(first.expiresAt()));
        assertEquals(first.token(), keeper.valid(Duration.ZERO).token());
        keeper.stop();
        assertTrue(keeper.awaitStop(Duration.ofSeconds(5)));
    }

    @Test
    void shouldStopPublishingAtOnceWhenTheLeaseIsTakenOver() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        LeaseKeeper keeper = new LeaseKeeper(store, acquire(Duration.ofSeconds(10)), Duration.ofSeconds(10),
                Duration.ofMillis(20), clock, lost::countDown);
        keeper.start();
        store.takenOver = true;
        assertTrue(lost.await(5, TimeUnit.SECONDS));
        assertTrue(keeper.isLost());
        assertThrows(LeaseLostException.class, () -> keeper.valid(Duration.ofMillis(100)));
        keeper.release();
        assertEquals(0, store.releases.get(), "a lost lease is not released: it is someone else's now");
        keeper.stop();
    }

    @Test
    void shouldReleaseTheLeaseWhenStoppedInTheMiddleOfARenewal() throws Exception {
        CountDownLatch renewing = new CountDownLatch(1);
        store.renewalHangs = renewing;
        LeaseKeeper keeper = new LeaseKeeper(store, acquire(Duration.ofSeconds(10)), Duration.ofSeconds(10),
                Duration.ofMillis(20), clock, () -> { });
        keeper.start();
        assertTrue(renewing.await(5, TimeUnit.SECONDS));
        keeper.stop();
        assertTrue(keeper.awaitStop(Duration.ofSeconds(5)));
        assertFalse(keeper.isLost(), "a renewal cut short by the stop does not lose the lease");
        keeper.release();
        assertEquals(1, store.releases.get(), "a graceful stop gives the lease up, so a standby takes over at once");
    }

    @Test
    void shouldReleaseTheLeaseWhenTheStopsInterruptCutsTheReleaseShort() {
        LeaseKeeper keeper = new LeaseKeeper(store, acquire(Duration.ofSeconds(10)), Duration.ofSeconds(10),
                Duration.ofSeconds(1), clock, () -> { });
        store.releaseAborts = 1;
        Thread.currentThread().interrupt();
        keeper.release();
        assertTrue(Thread.interrupted(), "the stop's interrupt is kept for the caller");
        assertEquals(1, store.releases.get(), "an aborted release is made once more");
        assertTrue(store.current("t", "a").isEmpty());
    }

    @Test
    void shouldKeepRetryingTransientRenewalFailuresUntilTheLeaseExpires() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        LeaseKeeper keeper = new LeaseKeeper(store, acquire(Duration.ofSeconds(2)), Duration.ofSeconds(2),
                Duration.ofMillis(20), clock, lost::countDown);
        store.renewFailure = AwsServiceException.builder().statusCode(503).message("unavailable").build();
        keeper.start();
        assertFalse(lost.await(300, TimeUnit.MILLISECONDS), "a transient failure does not lose the lease");
        assertTrue(lost.await(10, TimeUnit.SECONDS), "but an expired one is lost");
        keeper.stop();
    }

    @Test
    void shouldRefuseALeaseTooCloseToItsExpiry() {
        Lease shortLived = acquire(Duration.ofMillis(100));
        LeaseKeeper keeper = new LeaseKeeper(store, shortLived, Duration.ofSeconds(20), Duration.ofSeconds(5), clock,
                () -> { });
        assertThrows(LeaseLostException.class, () -> keeper.valid(Duration.ofMillis(50)));
    }

    @Test
    void shouldDoubleBackoffUpToItsMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(1), b.delay(0));
        assertEquals(Duration.ofSeconds(8), b.delay(3));
        assertEquals(Duration.ofSeconds(30), b.delay(5));
        assertEquals(Duration.ofSeconds(30), b.delay(500));
        assertTrue(new RetriableException("x") instanceof RuntimeException);
    }
}
