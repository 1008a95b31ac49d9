package dev.duplex.bench;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;

/**
 * A Duplex task run in this JVM as {@code duplex local} runs it (ElasticMQ, DynamoDB Local, both
 * captures and both apply pollers), reduced to what the bench drives and reads. The local runtime
 * is the cli's, and the cli depends on the bench: so the cli hands the bench a {@link Factory}
 * instead of the bench building the runtime.
 */
public interface LocalTask extends AutoCloseable {

    /** Starts the AWS stand-ins of one task; the task itself starts at {@link LocalTask#start()}. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param dynamoData where DynamoDB Local keeps its files
         * @param document   the configuration as its file holds it
         */
        LocalTask create(Path dynamoData, TaskConfig config, String document);
    }

    /** Stores the task, runs its precheck and starts both directions (and its syncs, if configured). */
    void start();

    /** The task's stored record. */
    TaskRecord record();

    /** The task's state, read from the store at most once a second. */
    TaskState current();

    /** Moves the task to {@code next}, as {@code duplex task pause} and {@code resume} do. */
    void moveTo(TaskState next, String reason);

    /** The status store the apply side reports its totals to. */
    StatusStore status();

    /** The capture checkpoints. */
    CheckpointStore checkpoints();

    @Override
    void close();
}
