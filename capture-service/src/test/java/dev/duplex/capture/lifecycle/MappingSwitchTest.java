package dev.duplex.capture.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MappingSwitchTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** Two switches that remember their position and the switching asked for. */
    private static final class Switches implements ApplyMappings {
        final List<String> calls = new ArrayList<>();
        final Map<Direction, Boolean> on = new EnumMap<>(Map.of(Direction.A2B, false, Direction.B2A, false));
        int failNext;

        @Override
        public void switchTo(Direction d, boolean to) {
            if (failNext > 0) {
                failNext--;
                throw new RetriableException("Lambda unreachable");
            }
            calls.add(d.code() + (to ? " on" : " off"));
            on.put(d, to);
        }

        @Override
        public Optional<Boolean> isOn(Direction d) {
            return Optional.of(on.get(d));
        }
    }

    private static TaskRecord record(TaskState state, long version) {
        return new TaskRecord("t", "", state, "", version, T0);
    }

    @Test
    void shouldSetBothSwitchesWheneverTheTaskRecordChanges() {
        Switches s = new Switches();
        MappingSwitch m = new MappingSwitch("t", s);
        m.follow(record(TaskState.FULL_SYNC, 3), T0);
        assertEquals(List.of("a2b on", "b2a off"), s.calls, "the reverse direction is held during the copy");
        s.calls.clear();
        m.follow(record(TaskState.FULL_SYNC, 3), T0.plusSeconds(1));
        assertEquals(List.of(), s.calls, "nothing while the record stands");
        m.follow(record(TaskState.FAILED, 4), T0.plusSeconds(2));
        assertEquals(List.of("a2b off", "b2a off"), s.calls, "a failed task receives nothing");
    }

    @Test
    void shouldSwitchOffAFailureEvenWhenTheLastStateSeenWasAlsoOff() {
        Switches s = new Switches();
        MappingSwitch m = new MappingSwitch("t", s);
        m.follow(record(TaskState.PAUSED, 5), T0);
        // duplex resume stored RUNNING and switched on; the apply failed the task before the next step.
        s.on.put(Direction.A2B, true);
        s.on.put(Direction.B2A, true);
        m.follow(record(TaskState.FAILED, 7), T0.plusSeconds(1));
        assertEquals(Map.of(Direction.A2B, false, Direction.B2A, false), s.on);
    }

    @Test
    void shouldLeaveAPauseUnderWayAloneAndSetBackOnlyWhatStaysSwitchedElsewhere() {
        Switches s = new Switches();
        MappingSwitch m = new MappingSwitch("t", s);
        m.follow(record(TaskState.RUNNING, 1), T0);
        s.calls.clear();
        s.on.put(Direction.A2B, false); // duplex pause switched it off and has yet to store PAUSED
        m.follow(record(TaskState.RUNNING, 1), T0.plusSeconds(61));
        assertEquals(List.of(), s.calls, "seen off once: maybe a pause");
        m.follow(record(TaskState.RUNNING, 1), T0.plusSeconds(122));
        assertEquals(List.of("a2b on"), s.calls, "still off a minute later under the same record: switched elsewhere");
    }

    @Test
    void shouldTrySwitchingAgainAtTheNextStepWhenItFailed() {
        Switches s = new Switches();
        MappingSwitch m = new MappingSwitch("t", s);
        s.failNext = 1;
        assertThrows(RuntimeException.class, () -> m.follow(record(TaskState.RUNNING, 2), T0));
        m.follow(record(TaskState.RUNNING, 2), T0.plusSeconds(1));
        assertEquals(List.of("a2b on", "b2a on"), s.calls);
    }
}
