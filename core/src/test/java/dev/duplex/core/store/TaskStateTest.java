package dev.duplex.core.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import org.junit.jupiter.api.Test;

class TaskStateTest {

    @Test
    void shouldFollowLifecycleAndAllowFailedFromAnywhere() {
        assertTrue(TaskState.CREATED.canMoveTo(TaskState.PRECHECK));
        assertTrue(TaskState.PRECHECK.canMoveTo(TaskState.SCHEMA_SYNC));
        assertTrue(TaskState.SCHEMA_SYNC.canMoveTo(TaskState.FULL_SYNC));
        assertTrue(TaskState.FULL_SYNC.canMoveTo(TaskState.RUNNING));
        assertTrue(TaskState.RUNNING.canMoveTo(TaskState.PAUSED));
        assertTrue(TaskState.PAUSED.canMoveTo(TaskState.RUNNING));
        for (TaskState s : TaskState.values()) {
            assertTrue(s.canMoveTo(TaskState.FAILED), s.name());
        }
    }

    @Test
    void shouldNotStartWithoutPrecheck() {
        assertFalse(TaskState.CREATED.canMoveTo(TaskState.RUNNING));
        assertFalse(TaskState.PRECHECK_FAILED.canMoveTo(TaskState.RUNNING));
    }

    @Test
    void shouldLetRecoverTakeAFailedTaskBackToAPhaseThatMovesData() {
        for (TaskState s : new TaskState[] {TaskState.SCHEMA_SYNC, TaskState.FULL_SYNC, TaskState.RUNNING}) {
            assertTrue(TaskState.FAILED.canMoveTo(s), s.name());
        }
        assertFalse(TaskState.FAILED.canMoveTo(TaskState.PAUSED));
    }

    @Test
    void shouldDeliverMessagesOnlyWhereTheDirectionIsNotHeld() {
        assertTrue(TaskState.RUNNING.applies(Direction.B2A));
        assertTrue(TaskState.FULL_SYNC.applies(Direction.A2B));
        assertFalse(TaskState.FULL_SYNC.applies(Direction.B2A));
        for (TaskState s : new TaskState[] {TaskState.CREATED, TaskState.PRECHECK, TaskState.PAUSED, TaskState.FAILED}) {
            for (Direction d : Direction.values()) {
                assertFalse(s.applies(d), s + " " + d.code());
            }
        }
    }

    @Test
    void shouldHoldTheReverseDirectionUntilTheInitialLoadEnds() {
        for (TaskState s : new TaskState[] {TaskState.SCHEMA_SYNC, TaskState.FULL_SYNC}) {
            assertTrue(s.holds(Direction.B2A), s.name());
            assertFalse(s.holds(Direction.A2B), s.name() + ": the copy itself is applied");
        }
        for (Direction d : Direction.values()) {
            assertFalse(TaskState.RUNNING.holds(d), d.code());
            assertTrue(TaskState.PAUSED.holds(d), d.code());
            assertTrue(TaskState.FAILED.holds(d), d.code());
        }
    }
}
