package dev.duplex.apply;

import dev.duplex.apply.conflict.Conflict;
import dev.duplex.core.model.Seq;
import java.util.List;

/**
 * What applying one message did.
 *
 * @param skipped         every transaction was already applied (seq ≤ stored): nothing written
 * @param checkpoint      the group's apply checkpoint afterwards
 * @param heartbeatMicros source time of the newest heartbeat in the message, -1 if none
 * @param ddlFailures     DDL statements the target refused, as they may be shown; the task goes on
 * @param pipelined       the rows went pipelined; false when the message was applied statement by
 *                        statement (it has DDL, or the pipelined attempt met a conflict or an error)
 */
public record ApplyResult(boolean skipped, Seq checkpoint, int transactions, int rows, List<Conflict> conflicts,
                          List<DdlFailure> ddlFailures, long heartbeatMicros, boolean pipelined) {
    public ApplyResult {
        conflicts = List.copyOf(conflicts);
        ddlFailures = List.copyOf(ddlFailures);
    }

    static ApplyResult skipped(Seq stored) {
        return new ApplyResult(true, stored, 0, 0, List.of(), List.of(), -1, false);
    }
}
