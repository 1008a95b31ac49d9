package dev.duplex.core.store;

import java.util.Collection;
import java.util.Map;

/**
 * The columns forward DDL removed from each table, per task: written by the apply of the forward
 * direction when it meets the DDL, read by the apply of the reverse direction when a row names a
 * column node a no longer has (a row node b wrote before the DDL reached it). One record per
 * column name, the latest DDL's; a name the DDL adds again loses its record.
 */
public interface RemovedColumnStore {

    /**
     * Applies one DDL's effect on table {@code database.table} (node a's names): each of
     * {@code removed} is recorded (replacing what was recorded under its name), each of
     * {@code readded} (names the statement added, compared without case) is forgotten.
     */
    void update(String task, String database, String table, Collection<RemovedColumn> removed,
                Collection<String> readded);

    /** The table's records, keyed by the lower-case column name; empty when there are none. */
    Map<String, RemovedColumn> removed(String task, String database, String table);
}
