package dev.duplex.bench;

import dev.duplex.core.model.BinlogPosition;
import java.time.Duration;

/**
 * Something that applies one server's binlog to another: a Duplex direction or a native replica.
 * The bench holds it while a backlog builds, then releases it and times the drain.
 */
interface Applier {
    /** Who this is in the report, e.g. "Duplex a2b" or "native replica, 1 thread". */
    String label();

    /** Stops applying; fetching (capture, the replica's IO thread) goes on. */
    void hold() throws Exception;

    /** Waits until releasing will start applying at once (nothing of the hold still in the way). */
    default void readyToRelease() throws InterruptedException {}

    void release() throws Exception;

    /** Waits until everything up to {@code p} of the source's binlog is queued or fetched. */
    void awaitQueued(BinlogPosition p, Duration timeout) throws Exception;

    /** Waits until everything up to {@code p} of the source's binlog is applied on the target. */
    void awaitApplied(BinlogPosition p, Duration timeout) throws Exception;

    /** The target server's process, for its CPU time. */
    long targetPid();

    /**
     * Releases, and returns the seconds until everything up to {@code p} is applied: the drain
     * time of the backlog.
     */
    default double drain(BinlogPosition p, Duration timeout) throws Exception {
        readyToRelease();
        long start = System.nanoTime();
        release();
        awaitApplied(p, timeout);
        return (System.nanoTime() - start) / 1e9;
    }
}
