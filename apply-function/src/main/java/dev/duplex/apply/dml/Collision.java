package dev.duplex.apply.dml;

import dev.duplex.core.model.Value;
import java.util.List;

/**
 * A target row the incoming row collides with on a unique key.
 *
 * @param key       the unique key it collides on (the first in the table's order, primary key
 *                  first, when it collides on several)
 * @param keyValues the incoming values of {@code key}: none is NULL, so they address exactly this row
 * @param targetRow the row as it is on the target, over the change's columns
 */
record Collision(List<String> key, List<Value> keyValues, List<Value> targetRow) {
    Collision {
        key = List.copyOf(key);
        keyValues = List.copyOf(keyValues);
        targetRow = List.copyOf(targetRow);
    }
}
