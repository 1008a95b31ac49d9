package dev.duplex.capture.publish;

import dev.duplex.core.error.ErrorClassifier;
import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.LeaseStore;
import dev.duplex.core.thread.ThreadWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the capture lease alive: renews it every {@code renewEvery} for {@code ttl}. When the
 * store says another capture took it, or renewals keep failing until it expires, the lease
 * counts as lost: {@link #valid(Duration)} refuses from then on, and {@code onLost} runs once so
 * publishing stops at once.
 */
public final class LeaseKeeper extends ThreadWorker {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    /** A lease that expires sooner than this is not used for a send: the send might outlive it. */
    static final Duration MAX_SAFETY = Duration.ofSeconds(2);

    private final LeaseStore store;
    private final Duration ttl;
    private final Duration renewEvery;
    private final Clock clock;
    private final Runnable onLost;
    private final Duration safety;
    private volatile Lease lease;
    private volatile boolean lost;

    public LeaseKeeper(LeaseStore store, Lease lease, Duration ttl, Duration renewEvery, Clock clock, Runnable onLost) {
        super("lease-" + lease.task() + "-" + lease.node());
        this.store = store;
        this.lease = lease;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
        this.clock = clock;
        this.onLost = onLost;
        // At most a quarter of the lifetime, so a lease renewed on time is always usable.
        Duration quarter = ttl.dividedBy(4);
        this.safety = quarter.compareTo(MAX_SAFETY) < 0 ? quarter : MAX_SAFETY;
    }

    public Lease lease() {
        return lease;
    }

    public boolean isLost() {
        return lost;
    }

    /**
     * The lease, once it has a safety margin left (a quarter of its lifetime, at most 2 s); waits up to {@code maxWait} for a
     * pending renewal.
     *
     * @throws LeaseLostException when the lease is lost or not renewed in time
     */
    public Lease valid(Duration maxWait) {
        Instant deadline = clock.instant().plus(maxWait);
        while (!lost) {
            Lease l = lease;
            if (l.expiresAt().isAfter(clock.instant().plus(safety))) {
                return l;
            }
            if (!clock.instant().isBefore(deadline) || !pause(50)) {
                break;
            }
        }
        throw lostException("is lost or was not renewed in time");
    }

    @Override
    protected void work() {
        int failures = 0;
        while (!stopping() && !lost) {
            if (!pause(failures == 0 ? renewEvery.toMillis() : 500)) {
                return;
            }
            if (stopping()) {
                return;
            }
            try {
                lease = store.renew(lease, ttl);
                failures = 0;
            } catch (LeaseLostException e) {
                markLost(e.getMessage());
            } catch (RuntimeException e) {
                failures++;
                if (!ErrorClassifier.isRetriable(e) || !lease.expiresAt().isAfter(clock.instant())) {
                    markLost("could not be renewed: " + e.getMessage());
                } else {
                    LOG.warn("task={} node={} lease renewal failed ({}); retrying before it expires at {}",
                            lease.task(), lease.node(), e.toString(), lease.expiresAt());
                }
            }
        }
    }

    private void markLost(String why) {
        if (!lost) {
            lost = true;
            LOG.warn("task={} node={} capture lease (token {}) lost: {}; publishing stops", lease.task(), lease.node(),
                    lease.token(), why);
            onLost.run();
        }
    }

    private LeaseLostException lostException(String why) {
        return new LeaseLostException("capture lease for task '" + lease.task() + "' node '" + lease.node()
                + "' (token " + lease.token() + ") " + why + ": this capture stops publishing");
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Gives the lease up so a standby capture can take over at once. */
    public void release() {
        if (lost) {
            return;
        }
        // A stop interrupts the capture thread, and the SDK aborts a call on an interrupted thread: the
        // interrupt is set aside for the call, and a call an interrupt still cut short is made once more.
        boolean interrupted = Thread.interrupted();
        try {
            try {
                store.release(lease);
            } catch (RuntimeException e) {
                if (!ErrorClassifier.isInterruption(e)) {
                    throw e;
                }
                interrupted |= Thread.interrupted();
                store.release(lease);
            }
        } catch (RuntimeException e) {
            LOG.warn("task={} node={} could not release the lease ({}); it expires at {}", lease.task(),
                    lease.node(), e.toString(), lease.expiresAt());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
