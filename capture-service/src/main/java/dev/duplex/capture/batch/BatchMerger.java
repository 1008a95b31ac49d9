package dev.duplex.capture.batch;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.wire.WireSize;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins consecutive batches that are already waiting for the publisher into one message. The
 * publisher is serial (one awaited send, then a checkpoint, per message), so under load batches
 * queue up in front of it; joining them makes messages grow with the load and the number of
 * SQS calls per row shrink, while an idle capture still sends each batch alone as soon as the
 * {@link Batcher} cuts it (nothing here waits).
 *
 * <p>Only whole DML batches with the same catch-up flag (and task, direction, origin, group) are
 * joined, and only while the encoded size stays within the message limit, by the same
 * {@link WireSize} bound the batcher packs by. DDL, heartbeat and snapshot batches and fragments
 * always travel alone: the apply side gives them their own handling. The result is an ordinary
 * batch: transactions in order, seq of the last one, range from the first's start to the last's
 * end, so a moved boundary after a resume is the apply side's usual seq check.
 *
 * <p>Pure and not thread-safe: {@link #begin} a message, {@link #add} what waits behind it until
 * it refuses one (which then begins the next message), take the {@link #result}.
 */
public final class BatchMerger {
    private final long maxBytes;
    private final List<Batch> parts = new ArrayList<>();
    /** Summed {@link WireSize#transaction} of the parts, or -1 until a second part is offered. */
    private long transactionBytes = -1;
    private int transactionCount;

    /** @param maxBytes upper bound of one encoded message body, as the batcher's */
    public BatchMerger(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether a batch may be joined with others at all: whole DML batches only. */
    public static boolean joinable(Batch b) {
        return b.kind() == BatchKind.DML && b.fragment().equals(Batch.Fragment.WHOLE);
    }

    /** Starts the next message with {@code first}, forgetting the previous one. */
    public void begin(Batch first) {
        parts.clear();
        parts.add(first);
        transactionBytes = -1;
        transactionCount = first.transactions().size();
    }

    /** Whether the message begun may still take more: false once it is a batch that travels alone. */
    public boolean open() {
        return !parts.isEmpty() && joinable(parts.get(0));
    }

    /**
     * Appends {@code next} to the message if it may travel in it and fits.
     *
     * @return false if it does not: it must begin the next message, or order would break
     */
    public boolean add(Batch next) {
        if (!open() || !compatible(last(), next)) {
            return false;
        }
        if (transactionBytes < 0) {
            // Counted only now: an idle capture's single batches never pay for the estimate.
            transactionBytes = transactionBytes(parts.get(0));
        }
        long nextBytes = transactionBytes(next);
        int count = transactionCount + next.transactions().size();
        long size = WireSize.batch(next.task(), parts.get(0).range().from(), next.range().to(), count,
                transactionBytes + nextBytes);
        if (size > maxBytes) {
            return false;
        }
        parts.add(next);
        transactionBytes += nextBytes;
        transactionCount = count;
        return true;
    }

    /** How many batches the message joins. */
    public int parts() {
        return parts.size();
    }

    /** The message: the batch it began with if nothing joined it, else one batch carrying all of them. */
    public Batch result() {
        if (parts.isEmpty()) {
            throw new IllegalStateException("no message begun");
        }
        Batch first = parts.get(0);
        if (parts.size() == 1) {
            return first;
        }
        return Batch.join(parts, first.kind());
    }

    private Batch last() {
        return parts.get(parts.size() - 1);
    }

    private static boolean compatible(Batch a, Batch b) {
        return joinable(b) && a.catchUp() == b.catchUp() && a.formatVersion() == b.formatVersion()
                && a.task().equals(b.task()) && a.direction() == b.direction() && a.origin().equals(b.origin())
                && a.group().equals(b.group()) && a.seq().compareTo(b.transactions().get(0).seq()) < 0
                && a.range().to().compareTo(b.range().from()) <= 0;
    }

    private static long transactionBytes(Batch b) {
        long known = BatchSizes.transactionBytes(b);
        if (known >= 0) {
            return known;
        }
        long bytes = 0;
        for (Transaction t : b.transactions()) {
            bytes += WireSize.transaction(t);
        }
        return bytes;
    }
}
