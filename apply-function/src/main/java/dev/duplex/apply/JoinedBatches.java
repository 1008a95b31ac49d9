package dev.duplex.apply;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Which consecutive messages of an event may be applied as one target transaction, and the one
 * batch they make. Rows only (DDL commits implicitly), one group, and the same rules for every
 * row: full sync's rows keep existing ones, catch-up rows overwrite, so neither mixes with others.
 */
final class JoinedBatches {
    private JoinedBatches() {}

    /** Whether {@code next} may join a run that starts with {@code first}. */
    static boolean joinable(Batch first, Batch next) {
        return rowsOnly(first) && rowsOnly(next) && first.task().equals(next.task())
                && first.direction() == next.direction() && first.group().equals(next.group())
                && first.catchUp() == next.catchUp()
                && (first.kind() == BatchKind.SNAPSHOT) == (next.kind() == BatchKind.SNAPSHOT);
    }

    private static boolean rowsOnly(Batch b) {
        return b.kind() != BatchKind.DDL
                && b.transactions().stream().allMatch(t -> t.changes().stream().noneMatch(DdlChange.class::isInstance));
    }

    /**
     * One batch of the run's transactions in order. A transaction whose seq is not above the last
     * one taken was re-sent by a resumed capture and is the same transaction: apply would skip it
     * as already applied when the messages go one by one, so it is left out here.
     */
    static Batch join(List<Batch> run) {
        Batch first = run.get(0);
        List<Transaction> txs = new ArrayList<>();
        BinlogPosition from = first.range().from();
        BinlogPosition to = first.range().to();
        for (Batch b : run) {
            from = b.range().from().compareTo(from) < 0 ? b.range().from() : from;
            to = b.range().to().compareTo(to) > 0 ? b.range().to() : to;
            for (Transaction t : b.transactions()) {
                if (txs.isEmpty() || t.seq().compareTo(txs.get(txs.size() - 1).seq()) > 0) {
                    txs.add(t);
                }
            }
        }
        BinlogRange range = new BinlogRange(from, to);
        BatchKind kind = first.kind() == BatchKind.SNAPSHOT ? BatchKind.SNAPSHOT : BatchKind.DML;
        return new Batch(first.formatVersion(), first.task(), first.direction(), first.origin(), first.group(),
                txs.get(txs.size() - 1).seq(), range, kind, first.catchUp(), Batch.Fragment.WHOLE, txs);
    }
}
