package dev.duplex.precheck.http;

import dev.duplex.core.config.InvalidConfigException;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskStore;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.PrecheckReport;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a precheck request runs: the stored task named in the request, with its stored nodes and
 * secret references, or a dry run that {@link DryRunRule} allows. Every refusal (another task
 * than the one served, a task that is not stored, a dry run naming other hosts or secrets)
 * happens before anything connects or reads a secret. Shared by the function and the local
 * runtime's endpoint.
 */
public final class StoredTaskPrecheck {

    private static final Logger LOG = LoggerFactory.getLogger(StoredTaskPrecheck.class);

    private final TaskStore tasks;
    private final Optional<String> servedTask;
    private final DryRunRule dryRuns;
    private final Precheck precheck;

    /** @param servedTask the one task this endpoint serves (the function's stack task); empty: any stored task */
    public StoredTaskPrecheck(TaskStore tasks, Optional<String> servedTask, DryRunRule dryRuns, Precheck precheck) {
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.servedTask = Objects.requireNonNull(servedTask, "servedTask");
        this.dryRuns = Objects.requireNonNull(dryRuns, "dryRuns");
        this.precheck = Objects.requireNonNull(precheck, "precheck");
    }

    public PrecheckReport run(PrecheckRequest request) {
        servedTask.filter(served -> !served.equals(request.task())).ifPresent(served -> {
            throw RefusedRequestException.of(403, "task", "this precheck serves task '" + served + "' only, not '"
                    + request.task() + "'", "call the precheck endpoint of the stack that runs task '" + request.task()
                    + "'");
        });
        TaskConfig stored = stored(request.task());
        dryRuns.checkStored(stored);
        TaskConfig checked = stored;
        if (request.dryRun().isPresent()) {
            dryRuns.check(request.dryRun().get(), stored);
            checked = request.dryRun().get();
        }
        LOG.info("precheck of task {} requested ({})", request.task(),
                request.dryRun().isPresent() ? "dry run of a sent configuration" : "as stored");
        return precheck.check(checked, request.acknowledge());
    }

    private TaskConfig stored(String task) {
        TaskRecord record;
        try {
            record = tasks.get(task).orElseThrow(() -> RefusedRequestException.of(404, "task", "task '" + task
                    + "' is not stored", "store it first: duplex task put -c task.yaml (with --aws-region on AWS)"));
        } catch (SdkException e) {
            LOG.warn("precheck: cannot read task {} from the task table: {}", task, e.getMessage());
            throw RefusedRequestException.of(503, "task", "the task table cannot be read: " + e.getMessage(),
                    "check that the task table exists and that this role may dynamodb:GetItem on it");
        }
        try {
            return TaskConfigLoader.parse(record.config());
        } catch (InvalidConfigException e) {
            throw new RefusedRequestException(409, "the stored configuration of task '" + task + "' is invalid:"
                    + " correct it and store it again (duplex task put -c task.yaml)", e.problems());
        }
    }
}
