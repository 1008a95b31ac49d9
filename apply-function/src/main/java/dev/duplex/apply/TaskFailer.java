package dev.duplex.apply;

import dev.duplex.core.error.ErrorText;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;

/**
 * Moves a task to FAILED with a reason, retrying when someone else updated the task meanwhile. The
 * stored reason never quotes the row values of a server message ({@link ErrorText}).
 */
final class TaskFailer {
    private static final int ATTEMPTS = 5;

    private TaskFailer() {}

    static void fail(TaskStore tasks, String task, String fullReason) {
        String reason = ErrorText.redact(fullReason);
        for (int attempt = 1; ; attempt++) {
            TaskRecord current = tasks.get(task).orElseThrow(() -> new IllegalStateException(
                    "task '" + task + "' is not in the task store: cannot mark it FAILED (" + reason + ")"));
            if (current.state() == TaskState.FAILED) {
                return;
            }
            try {
                tasks.updateState(task, TaskState.FAILED, reason, current.version());
                return;
            } catch (TaskStore.StaleVersionException raced) {
                if (attempt >= ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }
}
