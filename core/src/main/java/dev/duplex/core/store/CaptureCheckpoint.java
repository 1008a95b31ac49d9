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
 *
 * @param chain id of the message chain the capture continues from here ({@code Batch.Chain}); empty
 *              in checkpoints written before chains existed
 */
public record CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                                String serverIdentity, Instant updatedAt, String chain) {

    public CaptureCheckpoint(String task, Direction direction, BinlogPosition position, Seq lastSeq,
                             String serverIdentity, Instant updatedAt) {
        this(task, direction, position, lastSeq, serverIdentity, updatedAt, "");
    }

    public CaptureCheckpoint {
        chain = chain == null ? "" : chain;
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(lastSeq, "lastSeq");
        serverIdentity = serverIdentity == null ? "" : serverIdentity;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
