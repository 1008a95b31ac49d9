package dev.duplex.capture;

import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigCache;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskStore;
import dev.duplex.core.thread.ThreadWorker;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's configuration as the task table holds it now, followed while the capture runs: read
 * again every {@link #EVERY} (what the apply function allows a task record to age, see
 * {@code ApplyContext.TASK_MAX_AGE}) and parsed by the same {@link TaskConfigCache} apply uses.
 * The filter stage takes {@link #get()} at every transaction boundary (docs/config.md,
 * "When a changed configuration takes effect").
 */
final class StoredConfig extends ThreadWorker implements Supplier<TaskConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(StoredConfig.class);
    static final Duration EVERY = Duration.ofSeconds(1);

    private final String task;
    private final String direction;
    private final TaskStore tasks;
    private final TaskConfigCache cache = new TaskConfigCache();
    private volatile TaskConfig current;
    private boolean unreadableLogged;

    private StoredConfig(String task, String direction, TaskStore tasks) {
        super("config-watch-" + task + "-" + direction);
        this.task = task;
        this.direction = direction;
        this.tasks = tasks;
    }

    /**
     * Reads the stored task once (the store's failures propagate, for the caller's retry).
     *
     * @throws FatalException when the task is not stored or its stored document is not valid
     */
    static StoredConfig read(String task, String direction, TaskStore tasks) {
        StoredConfig c = new StoredConfig(task, direction, tasks);
        TaskRecord rec = c.record();
        try {
            c.current = c.cache.at(rec.version(), rec.config());
        } catch (InvalidConfigException e) {
            throw new FatalException("the stored configuration of task '" + task + "' is not valid: " + e.getMessage()
                    + " (store a valid one with duplex task put)");
        }
        return c;
    }

    /** The configuration of the stored version this capture saw last. */
    @Override
    public TaskConfig get() {
        return current;
    }

    /** The stored version last seen. */
    long version() {
        return cache.version();
    }

    private TaskRecord record() {
        return tasks.get(task).orElseThrow(() -> new FatalException("task '" + task + "' is not in the task store: "
                + "store its configuration first (duplex task put -c task.yaml)"));
    }

    @Override
    protected void work() {
        while (!stopping()) {
            try {
                Thread.sleep(EVERY.toMillis());
                look();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look at the task table; a changed document becomes what {@link #get()} returns. */
    void look() {
        try {
            TaskRecord rec = tasks.get(task).orElse(null);
            if (rec == null) {
                return; // removed while running: the capture keeps the last version; a reset stops it elsewhere
            }
            TaskConfig next = cache.at(rec.version(), rec.config());
            unreadableLogged = false;
            if (next != current) {
                LOG.info("task={} dir={} stored configuration version {} seen: the selection follows it from the "
                        + "next transaction boundary", task, direction, rec.version());
                current = next;
            }
        } catch (InvalidConfigException e) {
            // duplex task put validates first, so only a hand-edited item gets here: keep the last valid one, loudly.
            if (!unreadableLogged) {
                LOG.error("task={} dir={} the stored configuration is not valid, the capture keeps the last valid "
                        + "one: {}", task, direction, e.getMessage());
                unreadableLogged = true;
            }
        } catch (RuntimeException e) {
            // The store is down: the publisher meets it too; the next look may succeed.
            LOG.debug("task={} dir={} cannot read the stored configuration: {}", task, direction, e.toString());
        }
    }
}
