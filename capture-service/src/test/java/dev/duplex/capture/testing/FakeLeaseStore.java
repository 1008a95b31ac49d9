package dev.duplex.capture.testing;

import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.AbortedException;

/** An in-memory lease store for one (task, node), with switches to make renewals fail. */
public final class FakeLeaseStore implements LeaseStore {
    private final Clock clock;
    private Lease current;
    public volatile boolean takenOver;
    public volatile RuntimeException renewFailure;
    /** When set, a renewal counts it down and then hangs until interrupted, as an SDK call cut short by a stop. */
    public volatile CountDownLatch renewalHangs;
    /** How many releases to cut short as an interrupt of the calling thread would. */
    public volatile int releaseAborts;
    public final AtomicInteger renewals = new AtomicInteger();
    public final AtomicInteger releases = new AtomicInteger();

    public FakeLeaseStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String task, String node, String owner, Duration ttl) {
        if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        long token = current == null ? 1 : current.owner().equals(owner) ? current.token() : current.token() + 1;
        current = new Lease(task, node, owner, token, clock.instant().plus(ttl));
        return Optional.of(current);
    }

    @Override
    public synchronized Lease renew(Lease lease, Duration ttl) {
        renewals.incrementAndGet();
        if (takenOver) {
            throw new LeaseLostException("taken over");
        }
        if (renewFailure != null) {
            throw renewFailure;
        }
        if (renewalHangs != null) {
            renewalHangs.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw AbortedException.builder().message("Thread was interrupted").cause(e).build();
            }
        }
        current = new Lease(lease.task(), lease.node(), lease.owner(), lease.token(), clock.instant().plus(ttl));
        return current;
    }

    @Override
    public synchronized void release(Lease lease) {
        if (releaseAborts > 0) {
            releaseAborts--;
            throw AbortedException.builder().message("Thread was interrupted").build();
        }
        releases.incrementAndGet();
        current = null;
    }

    @Override
    public synchronized boolean expire(Lease lease) {
        if (!lease.equals(current)) {
            return false;
        }
        current = new Lease(lease.task(), lease.node(), lease.owner(), lease.token(), clock.instant().minusMillis(1));
        return true;
    }

    @Override
    public synchronized Optional<Lease> current(String task, String node) {
        return Optional.ofNullable(current);
    }
}
