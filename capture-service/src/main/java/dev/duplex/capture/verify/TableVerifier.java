package dev.duplex.capture.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares one table on both nodes, online, chunk by chunk: node a's key order cut into chunks
 * of {@code chunkRows} rows, each chunk's checksum computed by each server ({@link ChunkChecksum}),
 * and only a chunk whose checksums differ read row by row ({@link RowCompare}). Each query reads
 * one chunk, so no lock is held longer than a chunk's read, and writes go on meanwhile.
 */
final class TableVerifier {
    private final Connection a;
    private final Connection b;
    private final int chunkRows;
    private final VerifyProgress progress;

    TableVerifier(Connection a, Connection b, int chunkRows, VerifyProgress progress) {
        this.a = a;
        this.b = b;
        this.chunkRows = chunkRows;
        this.progress = progress;
    }

    TableDiff verify(TablePair t) throws SQLException {
        long rowsA = 0;
        long rowsB = 0;
        int chunks = 0;
        int rowChunks = 0;
        List<KeyDiff> keys = new ArrayList<>();
        List<byte[]> lower = null;
        while (true) {
            List<byte[]> upper = KeyRange.nextUpper(a, t, lower, chunkRows);
            KeyRange range = new KeyRange(t, lower, upper);
            ChunkChecksum onA = ChunkChecksum.of(a, t.dbA(), t.tableA(), range);
            ChunkChecksum onB = ChunkChecksum.of(b, t.dbB(), t.tableB(), range);
            rowsA += onA.rows();
            rowsB += onB.rows();
            chunks++;
            if (!onA.equals(onB)) {
                rowChunks++;
                keys.addAll(RowCompare.compare(a, b, range));
            }
            progress.rowsDone(t, onA.rows());
            if (upper == null) {
                return new TableDiff(t, (chunks == 1 ? "1 chunk, " : chunks + " chunks, ") + rowChunks
                        + " compared by rows", rowsA, rowsB, keys);
            }
            lower = upper;
        }
    }
}
