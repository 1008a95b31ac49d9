package dev.duplex.capture.lifecycle;

import dev.duplex.core.model.Direction;
import java.util.Optional;

/**
 * The switch in front of each direction's apply: on AWS the apply function's SQS event source
 * mapping. Off, nothing receives the direction's messages, so they wait in the queue for any
 * length of time without spending a receive (and never reach the dead-letter queue).
 */
public interface ApplyMappings {
    /** Where nothing needs switching: the local runtime's pollers follow the task state themselves. */
    ApplyMappings NONE = new ApplyMappings() {
        @Override
        public void switchTo(Direction d, boolean on) {
            // Nothing to switch.
        }

        @Override
        public boolean isSet() {
            return false;
        }
    };

    /** Switches direction {@code d} on or off; a no-op when it is so already. */
    void switchTo(Direction d, boolean on);

    /** Whether direction {@code d} is switched on now; empty where that cannot be told. */
    default Optional<Boolean> isOn(Direction d) {
        return Optional.empty();
    }

    /** Whether there is anything to switch. */
    default boolean isSet() {
        return true;
    }
}
