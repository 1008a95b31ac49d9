package dev.duplex.cli.local;

import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Moves a task through the lifecycle, and caches its state for hot paths that poll it. */
public final class TaskStates {
    private final TaskStore tasks;
    private final String task;
    private final Clock clock;
    private final Duration maxAge;
    private volatile TaskState cached;
    private volatile Instant readAt = Instant.MIN;
    private final List<Runnable> onMove = new CopyOnWriteArrayList<>();

    public TaskStates(TaskStore tasks, String task, Clock clock, Duration maxAge) {
        this.tasks = tasks;
        this.task = task;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The task's state, read from the store at most once per {@code maxAge}. */
    public TaskState current() {
        Instant now = clock.instant();
        if (cached == null || readAt.plus(maxAge).isBefore(now)) {
            cached = record().state();
            readAt = now;
        }
        return cached;
    }

    /**
     * Runs {@code r} after every state move made here: the apply contexts of this process drop
     * their cached task record, so that a pause made here holds their messages back at once.
     */
    public void onMove(Runnable r) {
        onMove.add(r);
    }

    public TaskRecord record() {
        return tasks.get(task).orElseThrow(() -> new IllegalStateException(
                "task '" + task + "' is not stored: store it with duplex task put -c FILE"));
    }

    /** Moves through each state of {@code path} in turn (skipping the ones it is already past). */
    public TaskRecord moveThrough(List<TaskState> path, String reason) {
        TaskRecord r = record();
        for (TaskState next : path) {
            if (r.state() != next) {
                r = tasks.updateState(task, next, reason, r.version());
            }
        }
        cached = r.state();
        readAt = clock.instant();
        onMove.forEach(Runnable::run);
        return r;
    }

    public TaskRecord moveTo(TaskState next, String reason) {
        return moveThrough(List.of(next), reason);
    }
}
