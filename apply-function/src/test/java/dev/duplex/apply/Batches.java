package dev.duplex.apply;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.util.List;

/**
 * Builds batches the way capture would: one transaction per binlog start position, format 2 in
 * one chain whose messages name the chain's start as predecessor (accepted after anything the
 * chain applied) unless a test names the predecessor itself.
 */
final class Batches {
    static final String FILE = "mysql-bin.000001";
    static final String CHAIN = "test-chain";
    static final String SOURCE = "test-source";

    private Batches() {}

    static Transaction tx(long pos, Change... changes) {
        return new Transaction(Seq.ofTransaction(new BinlogPosition(FILE, pos), 0), "", 1_700_000_000_000_000L + pos,
                List.of(changes));
    }

    static Batch batch(String task, BatchKind kind, boolean catchUp, Transaction... txs) {
        return chained(task, kind, catchUp, new Batch.Chain(CHAIN, SOURCE, Seq.ZERO), txs);
    }

    /** A batch with the given chain link (null: a format 1 batch). */
    static Batch chained(String task, BatchKind kind, boolean catchUp, Batch.Chain chain, Transaction... txs) {
        List<Transaction> list = List.of(txs);
        Seq first = list.get(0).seq();
        Seq last = list.get(list.size() - 1).seq();
        BinlogRange range = new BinlogRange(new BinlogPosition(FILE, first.pos()), new BinlogPosition(FILE, last.pos() + 50));
        return new Batch(chain == null ? Batch.V1 : Batch.FORMAT_VERSION, task, Direction.A2B, "a",
                QueueNames.defaultGroup(Direction.A2B), last, range, kind, catchUp, Batch.Fragment.WHOLE, list, chain);
    }

    /** The same batch in message group {@code group}. */
    static Batch inGroup(Batch b, String group) {
        return new Batch(b.formatVersion(), b.task(), b.direction(), b.origin(), group, b.seq(), b.range(), b.kind(),
                b.catchUp(), b.fragment(), b.transactions(), b.chain());
    }

    static Batch dml(String task, Transaction... txs) {
        return batch(task, BatchKind.DML, false, txs);
    }

    static Batch dml(String task, long pos, Change... changes) {
        return dml(task, tx(pos, changes));
    }

    static Value i(long v) {
        return new Value.Int(v);
    }

    static Value s(String v) {
        return new Value.Text(v);
    }

    static Value nul() {
        return Value.Null.INSTANCE;
    }
}
