package dev.duplex.capture.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingSwitchTest {
    /** Records the switches asked for. */
    private static final class Recorded implements ApplyMappings {
        final List<String> calls = new ArrayList<>();

        @Override
        public void switchTo(Direction d, boolean on) {
            calls.add(d.code() + (on ? " on" : " off"));
        }
    }

    @Test
    void shouldSetBothMappingsFromTheFirstStateSeenThenSwitchOnlyOnChanges() {
        Recorded r = new Recorded();
        MappingSwitch s = new MappingSwitch("t", r);
        s.follow(TaskState.FULL_SYNC);
        assertEquals(List.of("a2b on", "b2a off"), r.calls, "the reverse direction is held during the copy");
        r.calls.clear();
        s.follow(TaskState.FULL_SYNC);
        assertEquals(List.of(), r.calls, "nothing to switch while the state stays");
        s.follow(TaskState.RUNNING);
        assertEquals(List.of("b2a on"), r.calls);
        r.calls.clear();
        s.follow(TaskState.FAILED);
        assertEquals(List.of("a2b off", "b2a off"), r.calls, "a failed task receives nothing");
    }

    @Test
    void shouldLeaveAMappingThePauseSwitchedOffAloneUntilTheStateChanges() {
        Recorded r = new Recorded();
        MappingSwitch s = new MappingSwitch("t", r);
        s.follow(TaskState.RUNNING);
        r.calls.clear();
        // duplex pause switches the mappings off before it stores PAUSED; RUNNING is still seen meanwhile.
        s.follow(TaskState.RUNNING);
        assertEquals(List.of(), r.calls, "not switched back on under the pause");
    }

    @Test
    void shouldTryASwitchAgainAtTheNextStepWhenItFailed() {
        List<String> calls = new ArrayList<>();
        ApplyMappings flaky = new ApplyMappings() {
            int n;

            @Override
            public void switchTo(Direction d, boolean on) {
                calls.add(d.code());
                if (n++ == 0) {
                    throw new dev.duplex.core.error.RetriableException("Lambda unreachable");
                }
            }
        };
        MappingSwitch s = new MappingSwitch("t", flaky);
        try {
            s.follow(TaskState.PAUSED);
        } catch (RuntimeException expected) {
            // The coordinator's step fails and is run again.
        }
        s.follow(TaskState.PAUSED);
        assertEquals(List.of("a2b", "a2b", "b2a"), calls);
    }
}
