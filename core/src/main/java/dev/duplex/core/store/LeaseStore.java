package dev.duplex.core.store;

import java.time.Duration;
import java.util.Optional;

/** Exclusive, expiring capture leases per (task, node). */
public interface LeaseStore {

    /**
     * Takes the lease when nobody holds it, its holder let it expire, or {@code owner} holds it
     * already. Empty when another owner holds a live lease.
     */
    Optional<Lease> tryAcquire(String task, String node, String owner, Duration ttl);

    /**
     * Extends a lease this owner holds.
     *
     * @throws dev.duplex.core.error.LeaseLostException when the lease was taken over meanwhile
     */
    Lease renew(Lease lease, Duration ttl);

    /** Gives the lease up so another capture can start at once; a lease already lost is ignored. */
    void release(Lease lease);

    /**
     * Ends {@code lease} now, keeping its token, so the next holder's token is higher: for a holder
     * known to be dead, whose successor need not wait out its time to live. False when the lease
     * changed meanwhile (renewed, taken over), which leaves it as it is.
     */
    boolean expire(Lease lease);

    Optional<Lease> current(String task, String node);
}
