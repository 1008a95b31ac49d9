package dev.duplex.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The right to capture from one node of a task. {@code token} grows by one at every change of
 * holder and fences checkpoint writes: a write presenting an older token is refused.
 */
public record Lease(String task, String node, String owner, long token, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
