package dev.duplex.apply.dml;

import java.sql.SQLException;

/**
 * A pipelined apply met something only the statement-by-statement path can decide (a missing or
 * changed row, a duplicate key, an error to report on its own statement, a value that needs its
 * own session setting). Not a failure: {@link dev.duplex.apply.BatchApplier} rolls the message
 * back and applies it again exactly. It is an SQLException only so that it travels through the
 * row-applying code's signatures unchanged; it never leaves BatchApplier.
 */
public final class ExactApplyNeeded extends SQLException {
    public ExactApplyNeeded(String why, SQLException cause) {
        super(why, "DPX01", 0, cause);
    }
}
