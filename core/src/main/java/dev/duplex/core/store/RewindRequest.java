package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import java.time.Instant;
import java.util.Objects;

/**
 * A request, made by {@code duplex task recover}, that a direction's capture read its binlog again
 * from what the target last applied. The capture is the only writer of its checkpoint (fenced by
 * its lease), so the request waits beside it until the capture adopts it: it stops its session,
 * stores {@code from} as its checkpoint and removes the request.
 *
 * @param from the position to read from, the seq before it, and the new chain the re-sent messages
 *             start (the target retired the old one, so messages of it still queued are dropped)
 * @param id   tells this request from a later one, so adopting removes only itself
 */
public record RewindRequest(String task, Direction direction, ResumePoint from, String id, Instant requestedAt) {
    public RewindRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (from.chain().isEmpty()) {
            throw new IllegalArgumentException("a rewind starts a new chain: give its id");
        }
    }
}
