package dev.duplex.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * How far the full sync of one table got. Only chunks known to be safe are counted: on AWS those
 * SQS accepted, on the local runtime (whose queue does not survive a crash) those node b applied.
 *
 * @param database      node a's database name
 * @param table         node a's table name
 * @param estimatedRows the server's estimate when the copy began (information_schema TABLE_ROWS)
 * @param rowsDone      rows read and published up to {@code lastKey}, filtered ones included
 * @param lastKey       the key of the last row copied, as a row image in the wire value encoding
 *                      ({@link dev.duplex.core.wire.ImageJson}); "" before the first chunk
 * @param done          every row of the table is copied; a resumed full sync never reads it again
 * @param batches       snapshot batches published for the table
 */
public record TableProgress(String task, String database, String table, long estimatedRows, long rowsDone,
                            String lastKey, boolean done, long batches, Instant updatedAt) {
    public TableProgress {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
        lastKey = lastKey == null ? "" : lastKey;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static TableProgress start(String task, String database, String table, long estimatedRows, Instant now) {
        return new TableProgress(task, database, table, Math.max(0, estimatedRows), 0, "", false, 0, now);
    }

    public String qualifiedName() {
        return database + "." + table;
    }

    /** After {@code rows} more rows up to {@code key}, in {@code newBatches} more batches. */
    public TableProgress advanced(long rows, String key, boolean finished, long newBatches, Instant now) {
        return new TableProgress(task, database, table, estimatedRows, rowsDone + rows, key, finished,
                batches + newBatches, now);
    }
}
