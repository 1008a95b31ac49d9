package dev.duplex.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a scheduled verification, for {@code duplex status}.
 *
 * @param differences keys that still differed once replication caught up
 * @param differing   up to ten lines naming a differing table and some of its keys
 * @param note        why differences were not re-checked, or why the run failed; "" when neither
 */
public record VerifyResult(Instant at, int tables, long rows, long differences, double seconds,
                           List<String> differing, String note) {
    public VerifyResult {
        Objects.requireNonNull(at, "at");
        differing = differing == null ? List.of() : List.copyOf(differing);
        note = note == null ? "" : note;
    }
}
