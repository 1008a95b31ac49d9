package dev.duplex.capture.filter;

import java.util.concurrent.atomic.AtomicLong;

/** What the filter stage let through and dropped; read by the health endpoint and tests. */
public final class SelectCounters {
    /** Transactions Duplex applied itself (they carry a duplex.apply_checkpoint row): never published. */
    public final AtomicLong loopDropped = new AtomicLong();
    /** Transactions with nothing selected in them. */
    public final AtomicLong emptyDropped = new AtomicLong();
    /** Transactions passed on for publishing. */
    public final AtomicLong selected = new AtomicLong();
    /** Row removals on this node that are not forwarded ({@link RowRemovals}), each also in the task log. */
    public final AtomicLong oneSidedRemovals = new AtomicLong();
}
