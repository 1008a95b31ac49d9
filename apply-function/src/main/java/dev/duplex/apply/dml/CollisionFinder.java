package dev.duplex.apply.dml;

import dev.duplex.apply.sql.TargetRowReader;
import dev.duplex.apply.sql.TargetRowReader.Found;
import dev.duplex.apply.sql.TargetRowReader.Match;
import dev.duplex.core.model.Value;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the target rows an incoming row really collides with, the way the unique indexes see
 * it: one look-up per unique key, on that key's incoming values.
 *
 * <ul>
 *   <li>A key with a NULL among its incoming values is skipped: NULLs never collide in a UNIQUE
 *       index, whereas a {@code <=> NULL} look-up would "find" any unrelated row holding NULL.</li>
 *   <li>For an UPDATE, the row it updates (the one its before-image key addresses) is not a
 *       collision: its new values may well keep its own primary key.</li>
 *   <li>A row colliding on several keys is one collision, under the first of them.</li>
 * </ul>
 *
 * <p>Both tests are asked of the server on the row found, so collations and types compare as
 * the index compares them. Keys the change does not carry (or prefix keys, looked up on the
 * whole value) can still collide unseen; the caller finds out when it writes.
 */
final class CollisionFinder {
    private CollisionFinder() {}

    /** Each found row is locked (SELECT ... FOR UPDATE) until the message's transaction ends. */
    static List<Collision> find(Connection c, RowTarget row) throws SQLException {
        return find(c, row, true);
    }

    /**
     * @param skipUpdatedRow whether an UPDATE's own row (at its before-image key) is left out; not
     *                       when the update moved to another key and that row is a stranger now
     */
    static List<Collision> find(Connection c, RowTarget row, boolean skipUpdatedRow) throws SQLException {
        List<Collision> found = new ArrayList<>();
        for (List<String> key : row.table().uniqueKeys()) {
            if (!row.covers(key)) {
                continue;
            }
            List<Value> values = row.afterValuesOf(key);
            if (values.stream().anyMatch(v -> v == Value.Null.INSTANCE)) {
                continue;
            }
            List<Match> notCollisions = new ArrayList<>();
            if (skipUpdatedRow && row.change().before() != null && row.keyIsUnique()) {
                notCollisions.add(new Match(row.keyColumns(), row.beforeKey()));
            }
            found.forEach(f -> notCollisions.add(new Match(f.key(), f.keyValues())));
            Optional<Found> hit = TargetRowReader.read(c, row.table(), row.columns(), notCollisions, key, values);
            if (hit.isPresent() && !hit.get().matches().contains(true)) {
                found.add(new Collision(key, values, hit.get().image()));
            }
        }
        return found;
    }
}
