package dev.duplex.core.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertFalse(TaskState.FAILED.canMoveTo(TaskState.RUNNING));
    }
}
