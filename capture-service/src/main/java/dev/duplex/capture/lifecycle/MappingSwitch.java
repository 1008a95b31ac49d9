package dev.duplex.capture.lifecycle;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the apply mappings in step with the task state. Whenever the task record changes (a new
 * state: paused, resumed, failed, recovered, the initial load moving on), both mappings are set to
 * what the state asks for. Between changes nothing is switched on at once, because {@code duplex
 * pause} switches the mappings off *before* it stores PAUSED, and switching on what it just
 * switched off would let a batch be received and returned. A mapping found differing from its state
 * while the record stands still (a stack update that set its declared Enabled, a hand in the
 * console) is set back: off at once, on only when it is still off a check later, which no pause
 * ever is (a pause stores PAUSED within seconds of switching off).
 */
final class MappingSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(MappingSwitch.class);
    static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    private final String task;
    private final ApplyMappings mappings;
    private long version = -1;
    private Instant lastCheck = Instant.MIN;
    private final Set<Direction> offLastCheck = EnumSet.noneOf(Direction.class);

    MappingSwitch(String task, ApplyMappings mappings) {
        this.task = task;
        this.mappings = mappings;
    }

    void follow(TaskRecord record, Instant now) {
        if (record.version() != version) {
            for (Direction d : Direction.values()) {
                mappings.switchTo(d, record.state().applies(d));
            }
            version = record.version(); // only once both switched: a failed switch is tried again
            lastCheck = now;
            offLastCheck.clear();
            if (mappings.isSet()) {
                LOG.info("task {} is {}: apply a2b {}, b2a {}", task, record.state(),
                        onOff(record.state().applies(Direction.A2B)), onOff(record.state().applies(Direction.B2A)));
            }
        } else if (Duration.between(lastCheck, now).compareTo(CHECK_EVERY) >= 0) {
            lastCheck = now;
            check(record);
        }
    }

    private void check(TaskRecord record) {
        for (Direction d : Direction.values()) {
            boolean wanted = record.state().applies(d);
            Optional<Boolean> on = mappings.isOn(d);
            if (on.isEmpty() || on.get() == wanted) {
                offLastCheck.remove(d);
            } else if (!wanted || offLastCheck.contains(d)) {
                LOG.warn("task {} is {}, but apply {}'s event source mapping was switched {} elsewhere: switching it "
                        + "{} again", task, record.state(), d.code(), onOff(on.get()), onOff(wanted));
                mappings.switchTo(d, wanted);
                offLastCheck.remove(d);
            } else {
                offLastCheck.add(d);
            }
        }
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
