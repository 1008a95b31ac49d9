package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.time.Instant;

/**
 * What the apply side last reported for one direction of a task.
 *
 * @param latencyMillis      apply time minus the source commit time of the last heartbeat, -1 if none yet
 * @param lastSourcePosition source binlog position ("file:pos") of the last applied batch
 */
public record DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                              String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                              String lastError, Instant updatedAt) {}
