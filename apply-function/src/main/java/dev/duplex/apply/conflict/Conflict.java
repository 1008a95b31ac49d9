package dev.duplex.apply.conflict;

import dev.duplex.core.model.Value;
import java.util.List;
import java.util.Objects;

/**
 * One conflict met while applying, with everything the conflict log shows.
 *
 * @param columns   the columns of the images, as written on the target
 * @param key        the key that addressed the row, e.g. "(id)=(5)", for the conflict log
 * @param keyColumns the same without its values, e.g. "(id)", for the task's reason and logs
 * @param targetRow  the target's row at the time, null when there was none
 */
public record Conflict(ConflictKind kind, String database, String table, Resolution resolution, String key,
                       String keyColumns, List<String> columns, List<Value> before, List<Value> after,
                       List<Value> targetRow, String seq) {
    public Conflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resolution, "resolution");
        columns = List.copyOf(columns);
    }

    /**
     * One line naming table, key columns and kind, without row values: it becomes the task's
     * reason and a log line; the key's values are in the conflict log.
     */
    public String describe() {
        return kind + " on " + database + "." + table + " key " + keyColumns + " at seq " + seq + " ("
                + resolution.policy() + " -> " + resolution.decision() + ")";
    }
}
