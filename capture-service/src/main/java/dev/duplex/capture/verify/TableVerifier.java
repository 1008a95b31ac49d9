package dev.duplex.capture.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Compares one table on both nodes, online, chunk by chunk: node a's key order cut into chunks
 * of {@code chunkRows} rows, each chunk's checksum computed by both servers at once ({@link ChunkChecksum}),
 * and only a chunk whose checksums differ read row by row ({@link RowCompare}). Each query reads
 * one chunk, so no lock is held longer than a chunk's read, and writes go on meanwhile.
 */
final class TableVerifier {
    private final Connection a;
    private final Connection b;
    private final int chunkRows;
    private final VerifyProgress progress;
    private final ExecutorService nodeB;

    /** @param nodeB runs node b's checksum queries beside node a's (one thread is enough) */
    TableVerifier(Connection a, Connection b, int chunkRows, VerifyProgress progress, ExecutorService nodeB) {
        this.a = a;
        this.b = b;
        this.chunkRows = chunkRows;
        this.progress = progress;
        this.nodeB = nodeB;
    }

    private static ChunkChecksum await(Future<ChunkChecksum> f) throws SQLException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while node b checksummed a chunk", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
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
            // Both servers checksum the chunk at the same time: the pass takes the slower one's time, not the sum.
            Future<ChunkChecksum> onBLater = nodeB.submit(() -> ChunkChecksum.of(b, t.dbB(), t.tableB(), range));
            ChunkChecksum onA = ChunkChecksum.of(a, t.dbA(), t.tableA(), range);
            ChunkChecksum onB = await(onBLater);
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
