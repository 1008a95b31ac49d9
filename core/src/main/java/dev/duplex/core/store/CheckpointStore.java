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
}
