package dev.duplex.core.config;

import java.util.Objects;

/**
 * How full data synchronization reads node a and writes node b.
 *
 * @param chunkRows   rows read per keyset query (one table, primary-key order)
 * @param parallelism tables read at the same time, each on its own connection (4 by default: written
 *                    directly, four tables at once copied 1.7x faster than two in `duplex bench`)
 * @param writers     connections writing node b at the same time ({@link FullSyncRoute#DIRECT} only):
 *                    chunks of several tables, and several chunks of one table, at once
 * @param via         how the rows reach node b
 * @param deferIndexes ({@link FullSyncRoute#DIRECT} only) node b's non-unique secondary indexes of a
 *                    table copied into an empty table are dropped before its copy and built once,
 *                    sorted, after it, instead of row by row during it
 */
public record FullSyncOptions(int chunkRows, int parallelism, int writers, FullSyncRoute via, boolean deferIndexes) {
    public static final int DEFAULT_CHUNK_ROWS = 10_000;
    public static final int MIN_CHUNK_ROWS = 100;
    public static final int MAX_CHUNK_ROWS = 1_000_000;
    public static final int DEFAULT_PARALLELISM = 4;
    public static final int MAX_PARALLELISM = 16;
    public static final int DEFAULT_WRITERS = 4;
    public static final boolean DEFAULT_DEFER_INDEXES = true;

    public FullSyncOptions {
        if (chunkRows < MIN_CHUNK_ROWS || chunkRows > MAX_CHUNK_ROWS) {
            throw new IllegalArgumentException("fullSync.chunkRows must be " + MIN_CHUNK_ROWS + ".." + MAX_CHUNK_ROWS
                    + ", got " + chunkRows);
        }
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("fullSync.parallelism must be 1.." + MAX_PARALLELISM + ", got "
                    + parallelism);
        }
        if (writers < 1 || writers > MAX_PARALLELISM) {
            throw new IllegalArgumentException("fullSync.writers must be 1.." + MAX_PARALLELISM + ", got " + writers);
        }
        Objects.requireNonNull(via, "via");
    }

    /** Direct to node b with the default number of writers. */
    public FullSyncOptions(int chunkRows, int parallelism) {
        this(chunkRows, parallelism, DEFAULT_WRITERS, FullSyncRoute.DIRECT);
    }

    /** Indexes deferred (the default). */
    public FullSyncOptions(int chunkRows, int parallelism, int writers, FullSyncRoute via) {
        this(chunkRows, parallelism, writers, via, DEFAULT_DEFER_INDEXES);
    }

    public static FullSyncOptions defaults() {
        return new FullSyncOptions(DEFAULT_CHUNK_ROWS, DEFAULT_PARALLELISM);
    }

    public FullSyncOptions withVia(FullSyncRoute route) {
        return new FullSyncOptions(chunkRows, parallelism, writers, route, deferIndexes);
    }

    public FullSyncOptions withWriters(int count) {
        return new FullSyncOptions(chunkRows, parallelism, count, via, deferIndexes);
    }
}
