package dev.duplex.core.config;

import java.util.Optional;

/**
 * A task that has started keeps its partitioning: messages queued under the old groups would race
 * the ones sent under the new groups (a row's older change in one group applied after its newer
 * change in another), so a change could leave node b with old values and say nothing.
 */
public final class PartitioningChange {
    private PartitioningChange() {}

    /**
     * Why {@code next} may not replace {@code storedDocument} of a task that has {@code started};
     * empty when it may (same partitioning, a task not started, or a stored document that is not
     * valid: nothing to compare with).
     */
    public static Optional<String> refusal(String storedDocument, boolean started, TaskConfig next) {
        if (!started) {
            return Optional.empty();
        }
        Partitioning before;
        try {
            before = TaskConfigLoader.parse(storedDocument).partitioning();
        } catch (InvalidConfigException e) {
            return Optional.empty();
        }
        if (before == next.partitioning()) {
            return Optional.empty();
        }
        return Optional.of("partitioning: the task '" + next.task() + "' has started with partitioning: "
                + before.code() + ", and changes queued in its message groups would race those sent under "
                + next.partitioning().code() + "; keep partitioning: " + before.code() + ", or start over under it: "
                + "`duplex task reset " + next.task() + " --yes`, then start the task again (a full sync)");
    }
}
