package dev.duplex.core.thread;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A loop's pause that another part can cut short: a loop that looks at shared state every few
 * hundred milliseconds waits here, and whoever just changed that state calls {@link #wake()} so
 * the loop looks now instead of up to a whole pause later. Wakes given while nobody waits are
 * kept (as one), so a wake just before the wait is never lost.
 */
public final class Wakeup {
    private final Semaphore permits = new Semaphore(0);

    /** Ends the current or next {@link #await} early. */
    public void wake() {
        permits.release(); // any number of them: the wait drains all
    }

    /**
     * Waits up to {@code pause}, or less when woken.
     *
     * @return whether it was woken before the pause ran out
     */
    public boolean await(Duration pause) throws InterruptedException {
        boolean woken = permits.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS);
        permits.drainPermits(); // several wakes before one look: one look
        return woken;
    }
}
