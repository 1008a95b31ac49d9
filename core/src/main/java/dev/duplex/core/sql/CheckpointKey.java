package dev.duplex.core.sql;

import dev.duplex.core.model.Direction;
import java.util.Objects;

/** The row of duplex.apply_checkpoint one message group advances. */
public record CheckpointKey(String task, Direction direction, String group) {
    public CheckpointKey {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(group, "group");
    }
}
