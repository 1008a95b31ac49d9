package dev.duplex.capture.assemble;

import dev.duplex.core.model.BinlogPosition;
import java.util.List;

/**
 * A complete source transaction.
 *
 * @param start        position of its first event (GTID event, else BEGIN or the statement): its seq
 * @param end          position just after its XID/COMMIT: a transaction boundary, where a checkpoint may point,
 *                     carrying the GTID set including this transaction
 * @param gtid         its GTID, "" when the source has none
 * @param commitMicros commit time in microseconds since the epoch
 */
public record CapturedTransaction(BinlogPosition start, BinlogPosition end, String gtid, long commitMicros,
                                  List<CapturedChange> changes) {
    public CapturedTransaction {
        changes = List.copyOf(changes);
    }
}
