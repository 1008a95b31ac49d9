package dev.duplex.capture.filter;

import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Transaction;

/**
 * A transaction ready for batching.
 *
 * @param kind  DDL if it carries a DDL statement, HEARTBEAT if it is only this capture's heartbeat, else DML
 * @param start where it starts in the binlog (its seq)
 * @param end   the transaction boundary after it (the checkpoint once it is published)
 * @param repair whether it carries rows of {@code duplex verify --repair}: batched as catch-up, so the
 *               target takes them whatever it holds
 */
public record SelectedTransaction(Transaction transaction, BatchKind kind, BinlogPosition start, BinlogPosition end,
                                  boolean repair) {
    public SelectedTransaction(Transaction transaction, BatchKind kind, BinlogPosition start, BinlogPosition end) {
        this(transaction, kind, start, end, false);
    }
}
