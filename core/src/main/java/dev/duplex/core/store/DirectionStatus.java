package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the apply side last reported for one direction of a task.
 *
 * @param latencyMillis      apply time minus the source commit time of the last heartbeat, -1 if none yet
 * @param latencyMillis      with several message groups, the largest of the groups'
 * @param lastSourcePosition source binlog position ("file:pos") of the last applied batch; with
 *                           several message groups, the lowest of the groups': everything before
 *                           it is applied
 * @param updatedAt          the later of the last progress write and the last error
 * @param lastErrorAt        when {@code lastError} was recorded, {@link Instant#EPOCH} if never
 * @param progressAt         when progress was last written, {@link Instant#EPOCH} if never
 * @param retryingSince      start of the retry window the direction is in (its first failure since its last
 *                           success, on any apply instance), {@link Instant#EPOCH} if it is not retrying
 * @param ddlFailures        DDL statements the target refused (the task went on without them), by every apply
 *                           instance of the direction
 * @param lastDdlFailure     the latest of them, if any
 * @param catchUpReplays     rows a full sync's catch-up replayed over rows already on the target (or
 *                           deletes of rows already gone): the overlap of the hand-over, counted
 *                           apart from {@code conflicts} and not in the conflict log
 * @param groups             message groups that reported a position (1 without partitioning)
 * @param behindGroup        with several groups, the one whose position is {@code lastSourcePosition},
 *                           furthest behind; "" with one
 * @param latencyMeasuredAt  when {@code latencyMillis} was measured, {@link Instant#EPOCH} if never; with
 *                           several message groups, the oldest of the groups' measurements, so a
 *                           group that stopped applying its heartbeats ages the figure
 */
public record DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                              String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                              String lastError, Instant updatedAt, Instant lastErrorAt, Instant progressAt,
                              Instant retryingSince, long ddlFailures, Optional<RefusedDdl> lastDdlFailure,
                              long catchUpReplays, int groups, String behindGroup, Instant latencyMeasuredAt) {

    public DirectionStatus {
        Objects.requireNonNull(lastDdlFailure, "lastDdlFailure");
        Objects.requireNonNull(behindGroup, "behindGroup");
        Objects.requireNonNull(latencyMeasuredAt, "latencyMeasuredAt");
    }

    /** A direction whose latency was measured with its last progress. */
    public DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                           String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                           String lastError, Instant updatedAt, Instant lastErrorAt, Instant progressAt,
                           Instant retryingSince, long ddlFailures, Optional<RefusedDdl> lastDdlFailure,
                           long catchUpReplays, int groups, String behindGroup) {
        this(task, direction, latencyMillis, lastAppliedSeq, lastSourcePosition, rowsApplied, batchesApplied, conflicts,
                lastError, updatedAt, lastErrorAt, progressAt, retryingSince, ddlFailures, lastDdlFailure,
                catchUpReplays, groups, behindGroup, progressAt);
    }

    /** A direction with one message group. */
    public DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                           String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                           String lastError, Instant updatedAt, Instant lastErrorAt, Instant progressAt,
                           Instant retryingSince, long ddlFailures, Optional<RefusedDdl> lastDdlFailure,
                           long catchUpReplays) {
        this(task, direction, latencyMillis, lastAppliedSeq, lastSourcePosition, rowsApplied, batchesApplied, conflicts,
                lastError, updatedAt, lastErrorAt, progressAt, retryingSince, ddlFailures, lastDdlFailure,
                catchUpReplays, 1, "");
    }

    /** A direction without catch-up replays. */
    public DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                           String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                           String lastError, Instant updatedAt, Instant lastErrorAt, Instant progressAt,
                           Instant retryingSince, long ddlFailures, Optional<RefusedDdl> lastDdlFailure) {
        this(task, direction, latencyMillis, lastAppliedSeq, lastSourcePosition, rowsApplied, batchesApplied, conflicts,
                lastError, updatedAt, lastErrorAt, progressAt, retryingSince, ddlFailures, lastDdlFailure, 0);
    }

    /** A direction whose target refused no DDL. */
    public DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                           String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                           String lastError, Instant updatedAt, Instant lastErrorAt, Instant progressAt,
                           Instant retryingSince) {
        this(task, direction, latencyMillis, lastAppliedSeq, lastSourcePosition, rowsApplied, batchesApplied, conflicts,
                lastError, updatedAt, lastErrorAt, progressAt, retryingSince, 0, Optional.empty());
    }

    /** A direction that is not retrying. */
    public DirectionStatus(String task, Direction direction, long latencyMillis, String lastAppliedSeq,
                           String lastSourcePosition, long rowsApplied, long batchesApplied, long conflicts,
                           String lastError, Instant updatedAt, Instant lastErrorAt, Instant progressAt) {
        this(task, direction, latencyMillis, lastAppliedSeq, lastSourcePosition, rowsApplied, batchesApplied, conflicts,
                lastError, updatedAt, lastErrorAt, progressAt, Instant.EPOCH);
    }

    /** The direction failed since its last success and is retrying within the task's retry window. */
    public boolean retrying() {
        return !retryingSince.equals(Instant.EPOCH);
    }

    /** The direction applied messages after its last error: the error is history, not the current state. */
    public boolean recoveredSinceLastError() {
        return !lastError.isEmpty() && progressAt.isAfter(lastErrorAt);
    }
}
