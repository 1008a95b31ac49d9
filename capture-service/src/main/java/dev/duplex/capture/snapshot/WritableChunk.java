package dev.duplex.capture.snapshot;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.util.List;

/**
 * A chunk as node b's writers take it: selected, and encoded as a LOAD DATA stream when node b
 * takes LOAD DATA, by the reader thread that read it. Then a chunk waiting in the queue, or in a
 * writer while node b loads the one before, is one byte array instead of ten thousand rows of
 * value objects. Those rows lived long enough for the JVM's young collections to copy them again
 * and again and promote them: in the bench's copy of a million rows the collections stopped
 * every copy thread for over two seconds of fourteen.
 *
 * @param read    rows read from node a (node b's progress row counts them)
 * @param lastKey the key of the last row read, or the previous one when none was
 * @param inserts the selected rows when they are not encoded, else empty
 * @param file    the selected rows as one LOAD DATA stream, or null when they are in {@code inserts}
 * @param count   how many rows were selected, encoded or not
 */
record WritableChunk(SnapshotTable table, int read, List<Value> lastKey, boolean last, List<RowChange> inserts,
                     LoadDataRows file, int count) {

    /** {@code chunk} selected by {@code selection}, and encoded when {@code encode} and any row is selected. */
    static WritableChunk of(Chunk chunk, ChunkSelection selection, boolean encode) {
        List<RowChange> inserts = selection.inserts(chunk);
        boolean encoded = encode && !inserts.isEmpty();
        return new WritableChunk(chunk.table(), chunk.rows().size(), chunk.lastKey(), chunk.last(),
                encoded ? List.of() : inserts, encoded ? LoadDataRows.of(inserts) : null, inserts.size());
    }
}
