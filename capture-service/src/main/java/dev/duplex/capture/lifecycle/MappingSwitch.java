package dev.duplex.capture.lifecycle;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskState;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the apply mappings in step with the task state, switching only on a change of what the
 * state asks for: {@code duplex pause} switches a mapping off before it stores PAUSED (so no batch
 * is received to be returned), and a coordinator that switched on the moment it saw that mapping
 * off under a RUNNING task would undo it. The first state seen is applied in full.
 */
final class MappingSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(MappingSwitch.class);

    private final String task;
    private final ApplyMappings mappings;
    private final Map<Direction, Boolean> asked = new EnumMap<>(Direction.class);

    MappingSwitch(String task, ApplyMappings mappings) {
        this.task = task;
        this.mappings = mappings;
    }

    void follow(TaskState state) {
        for (Direction d : Direction.values()) {
            boolean on = state.applies(d);
            Boolean before = asked.get(d);
            if (before == null || before != on) {
                mappings.switchTo(d, on);
                asked.put(d, on);
                if (mappings.isSet()) {
                    LOG.info("task {} is {}: apply {} switched {}", task, state, d.code(), on ? "on" : "off");
                }
            }
        }
    }
}
