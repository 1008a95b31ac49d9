package dev.duplex.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A committed source transaction (or one fragment of a large one). Each transaction carries its
 * own seq because batch boundaries may differ after a restart: the apply side skips every
 * transaction whose seq it has already applied, not whole batches.
 *
 * @param commitMicros source commit time, microseconds since the epoch (UTC)
 * @param gtid         the transaction's GTID, or "" when the source has GTIDs off
 */
public record Transaction(Seq seq, String gtid, long commitMicros, List<Change> changes) {
    public Transaction {
        Objects.requireNonNull(seq, "seq");
        gtid = gtid == null ? "" : gtid;
        changes = List.copyOf(changes);
    }

    public int rowCount() {
        return (int) changes.stream().filter(c -> c instanceof RowChange).count();
    }
}
