package dev.duplex.capture;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.publish.ApplyBarrier;
import dev.duplex.capture.publish.BatchPublisher;
import dev.duplex.capture.source.SourceInfo;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What stays the same across the sessions of one lease period.
 *
 * @param config the task's configuration as stored now ({@link StoredConfig}): read at every
 *               transaction boundary by the filter stage
 * @param backlog whether the queue holds a backlog now ({@link dev.duplex.capture.publish.QueueBacklog}):
 *                batches then wait longer for more transactions
 * @param barrier what a DDL statement waits on under {@code partitioning: table}: every group applied
 * @param taskLog where a line the user should see without a stop goes ({@link CaptureResources#taskLog})
 */
record SessionContext(Supplier<TaskConfig> config, Direction direction, SourceInfo source, SchemaCatalog catalog,
                      Collations collations, BatchSettings batchSettings, BatchPublisher publisher,
                      CaptureMetrics metrics, BooleanSupplier backlog, ApplyBarrier barrier,
                      Consumer<String> taskLog) {
    String task() {
        return config.get().task();
    }
}
