package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One conflict the apply side met, as recorded in the conflict log. Images are JSON objects in
 * the wire value encoding ({@link dev.duplex.core.wire.ImageJson}); "" where there is none
 * (no before-image for an INSERT, no target row for a missing one).
 *
 * @param kind           INSERT_DUPLICATE, UPDATE_MISSING, DELETE_MISSING or UPDATE_MISMATCH
 * @param policy         the rule that decided: task-failed, ignore, overwrite, useMax(col)/..., catch-up
 * @param decision       what was done: FAIL_TASK, KEEP_TARGET or APPLY_INCOMING
 * @param sourcePosition the source binlog position of the batch ("file:pos")
 * @param truncated      the values the log could store only in part, each with its full size and hash
 *                       (a DynamoDB item holds at most 400 KB); empty when everything is whole
 */
public record ConflictRecord(String task, Direction direction, String database, String table, String kind,
                             String policy, String decision, String key, String beforeImage, String afterImage,
                             String targetRow, String seq, String sourcePosition, Instant detectedAt,
                             List<Truncated> truncated) {

    /**
     * A value stored in part: its first bytes (cut at a character boundary) are in the record,
     * {@code bytes} is its whole length in UTF-8 and {@code sha256} the hex SHA-256 of those bytes,
     * so the stored prefix can be matched against the row still on the node.
     *
     * @param field key, beforeImage, afterImage or targetRow
     */
    public record Truncated(String field, long bytes, String sha256) {
        public Truncated {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** A record as the apply makes it: every value whole. */
    public ConflictRecord(String task, Direction direction, String database, String table, String kind,
                          String policy, String decision, String key, String beforeImage, String afterImage,
                          String targetRow, String seq, String sourcePosition, Instant detectedAt) {
        this(task, direction, database, table, kind, policy, decision, key, beforeImage, afterImage, targetRow, seq,
                sourcePosition, detectedAt, List.of());
    }

    public ConflictRecord {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(decision, "decision");
        key = key == null ? "" : key;
        beforeImage = beforeImage == null ? "" : beforeImage;
        afterImage = afterImage == null ? "" : afterImage;
        targetRow = targetRow == null ? "" : targetRow;
        seq = seq == null ? "" : seq;
        sourcePosition = sourcePosition == null ? "" : sourcePosition;
        Objects.requireNonNull(detectedAt, "detectedAt");
        truncated = truncated == null ? List.of() : List.copyOf(truncated);
    }
}
