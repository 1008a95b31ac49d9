package dev.duplex.core.store;

import dev.duplex.core.config.FullSyncRoute;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The initial load of a task (schema sync, then full data sync, then the hand-over to incremental
 * sync), as far as it got. Positions are null until recorded.
 *
 * @param schemaStarted   schema sync began creating objects on node b: tables there now may be its own
 * @param schemaDone      schema sync finished
 * @param startPos        node a's position recorded before any row was copied: the forward capture
 *                        streams from here once the snapshot is published, with catch-up semantics
 * @param reverseStartPos node b's position recorded at the same time: the reverse capture starts here
 * @param endPos          node a's position once every row was copied: catch-up ends at the first
 *                        transaction starting at or after it
 * @param nextChunk       the lowest snapshot chunk index never handed out: a resumed snapshot
 *                        continues above it, so a re-read chunk gets a new, higher seq
 * @param completed       the task finished its initial load and went on to RUNNING
 * @param route           how the full sync's copy travels (fullSync.via), recorded when the copy
 *                        first starts, so that one begun one way is never finished the other;
 *                        null before (and in states from before it was recorded)
 */
public record SnapshotState(String task, boolean schemaStarted, boolean schemaDone, BinlogPosition startPos,
                            BinlogPosition reverseStartPos, BinlogPosition endPos, long nextChunk, boolean completed,
                            FullSyncRoute route, Instant updatedAt) {
    public SnapshotState {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (nextChunk < 0) {
            throw new IllegalArgumentException("nextChunk must be >= 0, got " + nextChunk);
        }
        if ((startPos == null) != (reverseStartPos == null)) {
            throw new IllegalArgumentException("startPos and reverseStartPos are recorded together");
        }
    }

    /** A task whose initial load has not begun. */
    public static SnapshotState initial(String task, Instant now) {
        return new SnapshotState(task, false, false, null, null, null, 0, false, null, now);
    }

    public boolean positionsRecorded() {
        return startPos != null;
    }

    /** Where direction {@code d}'s capture starts without a checkpoint: the task's pinned start, once recorded. */
    public Optional<BinlogPosition> startOf(Direction d) {
        return positionsRecorded() ? Optional.of(d.isForward() ? startPos : reverseStartPos) : Optional.empty();
    }

    /** Every row is copied (and, on the local runtime, applied); the capture streams from startPos. */
    public boolean copied() {
        return endPos != null;
    }

    public SnapshotState withSchema(boolean started, boolean done, Instant now) {
        return new SnapshotState(task, started, done, startPos, reverseStartPos, endPos, nextChunk, completed, route, now);
    }

    public SnapshotState withPositions(BinlogPosition start, BinlogPosition reverseStart, Instant now) {
        return new SnapshotState(task, schemaStarted, schemaDone, start, reverseStart, endPos, nextChunk, completed, route, now);
    }

    public SnapshotState withNextChunk(long next, Instant now) {
        return new SnapshotState(task, schemaStarted, schemaDone, startPos, reverseStartPos, endPos, next, completed, route, now);
    }

    public SnapshotState withEndPos(BinlogPosition end, Instant now) {
        return new SnapshotState(task, schemaStarted, schemaDone, startPos, reverseStartPos, end, nextChunk, completed, route, now);
    }

    /** The copy starts {@code via}: recorded once, before anything is copied. */
    public SnapshotState withRoute(FullSyncRoute via, Instant now) {
        return new SnapshotState(task, schemaStarted, schemaDone, startPos, reverseStartPos, endPos, nextChunk, completed,
                via, now);
    }

    public SnapshotState withCompleted(Instant now) {
        return new SnapshotState(task, schemaStarted, schemaDone, startPos, reverseStartPos, endPos, nextChunk, true, route, now);
    }
}
