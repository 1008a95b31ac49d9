package dev.duplex.apply.conflict;

import dev.duplex.core.model.Value;
import java.util.List;
import java.util.Objects;

/**
 * One conflict met while applying, with everything the conflict log shows.
 *
 * @param columns   the columns of the images, as written on the target
 * @param key       the key that addressed the row, e.g. "(id)=(5)"
 * @param targetRow the target's row at the time, null when there was none
 */
public record Conflict(ConflictKind kind, String database, String table, Resolution resolution, String key,
                       List<String> columns, List<Value> before, List<Value> after, List<Value> targetRow,
                       String seq) {
    public Conflict {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resolution, "resolution");
        columns = List.copyOf(columns);
    }

    /** One line naming table, key and kind, without row values beyond the key. */
    public String describe() {
        return kind + " on " + database + "." + table + " key " + key + " at seq " + seq + " (" + resolution.policy()
                + " -> " + resolution.decision() + ")";
    }
}
