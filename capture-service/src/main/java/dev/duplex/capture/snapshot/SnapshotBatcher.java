package dev.duplex.capture.snapshot;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.filter.Dialect;
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
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Turns chunks into snapshot batches (full sync via the queue): each row goes through
 * {@link ChunkSelection} as an INSERT, and the rows are packed
 * into batches under the byte limit, one transaction each, with seq
 * {@code Seq.ofSnapshotChunk(start, index)}: after every transaction that began before the
 * snapshot's start position and before every one that began at or after it.
 */
final class SnapshotBatcher {
    private final BatchSettings settings;
    private final BinlogPosition start;
    private final ChunkSelection selection;
    private final long budget;

    SnapshotBatcher(TaskConfig config, Dialect dialect, BatchSettings settings, BinlogPosition start) {
        this.settings = settings;
        this.start = start;
        this.selection = new ChunkSelection(config, settings.direction(), dialect);
        this.budget = settings.maxBytes() - WireSize.batchOverhead(settings.task(), start.file(), start.gtidSet(), 1)
                - WireSize.transaction(new Transaction(Seq.ofSnapshotChunk(start, 0), "", 0, List.of()));
    }

    /** The INSERTs node b gets for {@code chunk}: rows the WHERE filter or operation selection drops are left out. */
    List<RowChange> inserts(Chunk chunk) {
        return selection.inserts(chunk);
    }

    /**
     * Packs {@code inserts} into batches, taking one index from {@code indexes} per batch and its
     * chain link from {@code links}, in order.
     */
    List<Batch> batches(List<RowChange> inserts, LongSupplier indexes, long commitMicros,
                        Function<Seq, Batch.Chain> links) {
        List<Batch> out = new ArrayList<>();
        List<Change> current = new ArrayList<>();
        long bytes = 0;
        for (RowChange r : inserts) {
            long size = WireSize.change(r) + 1;
            if (size > budget) {
                throw new FatalException("a row of " + r.database() + "." + r.table() + " takes " + size + " bytes "
                        + "encoded, more than one message may carry (" + settings.maxBytes() + " bytes); Duplex "
                        + "cannot send it: make the value smaller or leave the column out of the task's objects");
            }
            if (bytes + size > budget) {
                out.add(batch(current, indexes.getAsLong(), commitMicros, links));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(r);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(batch(current, indexes.getAsLong(), commitMicros, links));
        }
        return out;
    }

    private Batch batch(List<Change> rows, long index, long commitMicros, Function<Seq, Batch.Chain> links) {
        Transaction tx = new Transaction(Seq.ofSnapshotChunk(start, index), "", commitMicros, rows);
        Batch.Chain link = links.apply(tx.seq());
        return new Batch(link == null ? Batch.V1 : Batch.FORMAT_VERSION, settings.task(), settings.direction(), settings.direction().sourceNode(),
                settings.group(), tx.seq(), new BinlogRange(start, start), BatchKind.SNAPSHOT, false,
                Batch.Fragment.WHOLE, List.of(tx), link);
    }
}
