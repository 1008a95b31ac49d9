package dev.duplex.capture.snapshot;

import dev.duplex.core.model.BinlogPosition;

/**
 * How far node b has applied the snapshot: asked only where the queue does not keep messages
 * across a crash (the local runtime), so that progress counts only what node b has, and so that
 * the copy runs at most a few batches ahead of the apply.
 */
@FunctionalInterface
public interface AppliedSnapshot {
    /** Every chunk is applied (node b applied a binlog transaction after the snapshot). */
    long ALL = Long.MAX_VALUE;
    /** Nothing of the snapshot is applied yet. */
    long NONE = -1;

    /** The highest snapshot chunk index node b applied for the snapshot taken at {@code start}. */
    long appliedChunk(BinlogPosition start);
}
