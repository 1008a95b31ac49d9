package dev.duplex.core.store;

import java.util.List;
import java.util.Optional;

/**
 * The state of a task's initial load and the per-table progress of its full sync. Writes made
 * while copying are fenced by node a's capture lease, like capture checkpoints: a capture that
 * lost its lease cannot move the copy's progress.
 */
public interface SnapshotStore {

    Optional<SnapshotState> state(String task);

    /** Stores the state as the runtime records it between phases (no capture copies then). */
    void save(SnapshotState state);

    /**
     * Stores the state only while {@code lease} is node a's current capture lease.
     *
     * @throws dev.duplex.core.error.LeaseLostException when another holder's token is current
     */
    void save(SnapshotState state, Lease lease);

    /** Progress of every table of the task's full sync, in no particular order. */
    List<TableProgress> tables(String task);

    /**
     * Stores the progress of some tables at once, only while {@code lease} is node a's current
     * capture lease.
     *
     * @throws dev.duplex.core.error.LeaseLostException when another holder's token is current
     */
    void save(List<TableProgress> progress, Lease lease);
}
