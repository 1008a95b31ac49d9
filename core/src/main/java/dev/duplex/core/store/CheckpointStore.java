package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.util.Optional;

/** Capture checkpoints, one per (task, direction); writes are fenced by the capture lease. */
public interface CheckpointStore {

    Optional<CaptureCheckpoint> load(String task, Direction direction);

    /**
     * Stores the checkpoint only while {@code lease} is still the current lease of the source node.
     *
     * @throws dev.duplex.core.error.LeaseLostException when another holder's token is current
     */
    void save(CaptureCheckpoint checkpoint, Lease lease);

    /** Leaves a rewind for the direction's capture to adopt ({@link RewindRequest}); replaces an earlier one. */
    void requestRewind(RewindRequest request);

    /** The rewind waiting for the direction's capture, if any. */
    Optional<RewindRequest> rewindRequest(String task, Direction direction);

    /** Removes the rewind once adopted, unless a newer request replaced it meanwhile. */
    void clearRewind(RewindRequest adopted);
}
