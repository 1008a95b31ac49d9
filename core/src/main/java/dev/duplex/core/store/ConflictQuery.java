package dev.duplex.core.store;

import dev.duplex.core.model.Direction;
import java.time.Instant;
import java.util.Optional;

/**
 * Which of a task's recorded conflicts to read, newest first.
 *
 * @param since     only conflicts detected at or after this instant; {@link Instant#EPOCH} for all kept
 * @param database  only this database (as the record names it: the target's); empty for any
 * @param table     only this table (the target's name); empty for any
 * @param direction only this direction; empty for both
 * @param limit     at most this many, the newest
 */
public record ConflictQuery(Instant since, Optional<String> database, Optional<String> table,
                            Optional<Direction> direction, int limit) {
    public ConflictQuery {
        since = since == null ? Instant.EPOCH : since;
        database = database == null ? Optional.empty() : database;
        table = table == null ? Optional.empty() : table;
        direction = direction == null ? Optional.empty() : direction;
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    /** Every kept conflict, up to {@code limit}. */
    public static ConflictQuery all(int limit) {
        return new ConflictQuery(Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    /** Whether {@code c} passes the filters (the time bound and the limit are the reader's). */
    public boolean matches(ConflictRecord c) {
        return !c.detectedAt().isBefore(since)
                && database.map(c.database()::equals).orElse(true)
                && table.map(c.table()::equals).orElse(true)
                && direction.map(d -> d == c.direction()).orElse(true);
    }
}
