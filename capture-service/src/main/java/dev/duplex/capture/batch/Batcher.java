package dev.duplex.capture.batch;

import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.wire.WireSize;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Packs whole transactions into batches, in order: a DML batch closes when the next transaction
 * would push it over the byte limit or when it has waited the linger time; a DDL or heartbeat
 * transaction travels alone in a batch of its kind; a transaction over the limit is split into
 * ordered fragments, each alone in its batch. Seqs come only from binlog positions, so the same
 * transaction always yields the same seqs. Not thread-safe; time is passed in (nanoTime units).
 *
 * <p>After a full sync, transactions that began before the snapshot's end position are marked
 * catch-up (the apply side overwrites for them); a batch never mixes catch-up and normal ones.
 *
 * <p>Each batch names the seq of the one before it ({@link Batch.Chain}), starting from the chain
 * the batcher is given; without one it writes format 1 batches (tests of packing only).
 */
public final class Batcher {
    private final BatchSettings settings;
    private final BinlogPosition catchUpUntil;
    private final List<SelectedTransaction> pending = new ArrayList<>();
    private boolean pendingCatchUp;
    private long pendingBytes;
    private long startedAt;
    private Batch.Chain chain;
    private final BooleanSupplier backlog;

    public Batcher(BatchSettings settings) {
        this(settings, null, null);
    }

    /**
     * @param catchUpUntil transactions starting before it are catch-up; null for none
     * @param chain        the chain the first batch continues; null writes format 1 batches
     */
    public Batcher(BatchSettings settings, BinlogPosition catchUpUntil, Batch.Chain chain) {
        this(settings, catchUpUntil, chain, () -> false);
    }

    /**
     * @param backlog whether the apply is behind now: a batch then waits up to the backlog linger,
     *                asked again each time the batcher decides, so it drops back as soon as that ends
     */
    public Batcher(BatchSettings settings, BinlogPosition catchUpUntil, Batch.Chain chain, BooleanSupplier backlog) {
        this.settings = settings;
        this.catchUpUntil = catchUpUntil;
        this.chain = chain;
        this.backlog = backlog;
    }

    /** Catch-up: before the snapshot's end, or a repair (duplex verify --repair) at any time. */
    private boolean isCatchUp(SelectedTransaction tx) {
        return tx.repair() || catchUpUntil != null && tx.start().compareTo(catchUpUntil) < 0;
    }

    /** Adds the next transaction; returns the batches complete now, in order. */
    public List<Batch> add(SelectedTransaction tx, long now) {
        List<Batch> out = new ArrayList<>();
        long size = WireSize.transaction(tx.transaction());
        long budget = settings.maxBytes() - overhead(tx, 1);
        if (!pending.isEmpty() && pendingCatchUp != isCatchUp(tx)) {
            flushInto(out);
        }
        if (tx.kind() != BatchKind.DML || size > budget) {
            flushInto(out);
            if (size > budget) {
                fragment(tx, out);
            } else {
                out.add(batch(List.of(tx), tx.kind(), Batch.Fragment.WHOLE));
            }
            return out;
        }
        if (!pending.isEmpty() && pendingBytes + size + overhead(tx, pending.size() + 1) > settings.maxBytes()) {
            flushInto(out);
        }
        if (pending.isEmpty()) {
            startedAt = now;
            pendingCatchUp = isCatchUp(tx);
        }
        pending.add(tx);
        pendingBytes += size;
        return out;
    }

    /** The pending batch if its linger time is over at {@code now}. */
    public List<Batch> poll(long now) {
        List<Batch> out = new ArrayList<>();
        if (!pending.isEmpty() && now - dueAt() >= 0) {
            flushInto(out);
        }
        return out;
    }

    /** Nanoseconds until the pending batch is due, or -1 when nothing is pending. */
    public long nanosUntilDue(long now) {
        return pending.isEmpty() ? -1 : Math.max(0, dueAt() - now);
    }

    private long dueAt() {
        return startedAt + (backlog.getAsBoolean() ? settings.backlogLinger() : settings.linger()).toNanos();
    }

    /** The pending batch, whatever its age. */
    public List<Batch> flush() {
        List<Batch> out = new ArrayList<>();
        flushInto(out);
        return out;
    }

    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Where the first transaction of the pending batch starts, or null when nothing is pending. */
    public BinlogPosition oldestPendingStart() {
        return pending.isEmpty() ? null : pending.get(0).start();
    }

    private void flushInto(List<Batch> out) {
        if (pending.isEmpty()) {
            return;
        }
        Batch cut = batch(List.copyOf(pending), BatchKind.DML, Batch.Fragment.WHOLE);
        BatchSizes.remember(cut, pendingBytes);
        out.add(cut);
        pending.clear();
        pendingBytes = 0;
    }

    private long overhead(SelectedTransaction last, int transactions) {
        SelectedTransaction first = pending.isEmpty() ? last : pending.get(0);
        return WireSize.batchOverhead(settings.task(), first.end().file(), first.start().gtidSet(), transactions)
                + WireSize.string(last.end().gtidSet());
    }

    /** Splits one transaction into consecutive chunks of changes that each fit a batch. */
    private void fragment(SelectedTransaction tx, List<Batch> out) {
        long budget = settings.maxBytes() - overhead(tx, 1) - WireSize.transaction(
                new Transaction(tx.transaction().seq(), tx.transaction().gtid(), 0, List.of()));
        List<List<Change>> chunks = new ArrayList<>();
        List<Change> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Change c : tx.transaction().changes()) {
            long size = WireSize.change(c) + 1;
            if (size > budget) {
                throw tooLarge(tx, c, size);
            }
            if (chunkBytes + size > budget) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(c);
            chunkBytes += size;
        }
        chunks.add(chunk);
        for (int i = 0; i < chunks.size(); i++) {
            Transaction t = tx.transaction();
            Transaction part = new Transaction(Seq.ofTransaction(tx.start(), i), t.gtid(), t.commitMicros(), chunks.get(i));
            SelectedTransaction p = new SelectedTransaction(part, tx.kind(), tx.start(), tx.end());
            out.add(batch(List.of(p), tx.kind(), new Batch.Fragment(i, i == chunks.size() - 1)));
        }
    }

    private Batch batch(List<SelectedTransaction> txs, BatchKind kind, Batch.Fragment fragment) {
        SelectedTransaction first = txs.get(0);
        SelectedTransaction last = txs.get(txs.size() - 1);
        List<Transaction> transactions = txs.stream().map(SelectedTransaction::transaction).toList();
        Batch.Chain link = chain;
        if (chain != null) {
            chain = chain.after(last.transaction().seq());
        }
        return new Batch(link == null ? Batch.V1 : Batch.FORMAT_VERSION, settings.task(), settings.direction(),
                settings.direction().sourceNode(), settings.group(), last.transaction().seq(),
                new BinlogRange(first.start(), last.end()), kind, isCatchUp(first), fragment, transactions, link);
    }

    private FatalException tooLarge(SelectedTransaction tx, Change c, long size) {
        String what = c instanceof RowChange r ? "a row of " + r.database() + "." + r.table() : "a DDL statement";
        return new FatalException(what + " takes " + size + " bytes encoded, more than one message may carry ("
                + settings.maxBytes() + " bytes); Duplex cannot send it: make the value smaller or leave the column "
                + "out of the task's objects", tx.start().toString(), 0, null);
    }
}
