package dev.duplex.capture.batch;

import dev.duplex.core.model.Batch;
import dev.duplex.core.wire.WireSize;
import java.lang.ref.WeakReference;

/**
 * The summed {@link WireSize#transaction} of the batches the {@link Batcher} cut, kept for the
 * {@link BatchMerger}, which needs the same sum to join batches and would otherwise count every
 * row of a backlog a second time. A small cache by identity, written on the batcher's thread and
 * read on the publisher's: a holder is immutable and names its batch weakly (nothing is kept
 * alive, nothing grows), and a batch not found (overwritten, not seen yet) is simply counted
 * again, so the merger's decisions are the same either way.
 */
final class BatchSizes {
    private static final int SLOTS = 256;
    private static final Known[] RECENT = new Known[SLOTS];

    private record Known(WeakReference<Batch> batch, long transactionBytes) {}

    private BatchSizes() {}

    static void remember(Batch batch, long transactionBytes) {
        RECENT[slot(batch)] = new Known(new WeakReference<>(batch), transactionBytes);
    }

    /** The sum remembered for this very batch, or -1. */
    static long transactionBytes(Batch batch) {
        Known known = RECENT[slot(batch)];
        return known != null && known.batch.get() == batch ? known.transactionBytes : -1;
    }

    private static int slot(Batch batch) {
        return System.identityHashCode(batch) & (SLOTS - 1);
    }
}
