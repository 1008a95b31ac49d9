package dev.duplex.core.store;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a capture resumes: a transaction boundary in its source's binlog, the seq of the last
 * batch SQS accepted, and the identity of the server it was read from (server_uuid or
 * server_id), so a capture pointed at a different server refuses to guess.
 */
public record CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                                String serverIdentity, Instant updatedAt) {
    public CaptureCheckpoint {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(lastSeq, "lastSeq");
        serverIdentity = serverIdentity == null ? "" : serverIdentity;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
