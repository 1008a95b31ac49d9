package dev.duplex.core.config;

/**
 * How full data synchronization reads node a.
 *
 * @param chunkRows   rows read per keyset query (one table, primary-key order)
 * @param parallelism tables read at the same time, each on its own connection
 */
public record FullSyncOptions(int chunkRows, int parallelism) {
    public static final int DEFAULT_CHUNK_ROWS = 10_000;
    public static final int MIN_CHUNK_ROWS = 100;
    public static final int MAX_CHUNK_ROWS = 1_000_000;
    public static final int DEFAULT_PARALLELISM = 2;
    public static final int MAX_PARALLELISM = 16;

    public FullSyncOptions {
        if (chunkRows < MIN_CHUNK_ROWS || chunkRows > MAX_CHUNK_ROWS) {
            throw new IllegalArgumentException("fullSync.chunkRows must be " + MIN_CHUNK_ROWS + ".." + MAX_CHUNK_ROWS
                    + ", got " + chunkRows);
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("fullSync.parallelism must be 1.." + MAX_PARALLELISM + ", got "
                    + parallelism);
        }
    }

    public static FullSyncOptions defaults() {
        return new FullSyncOptions(DEFAULT_CHUNK_ROWS, DEFAULT_PARALLELISM);
    }
}
