package dev.duplex.capture;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.publish.BatchPublisher;
import dev.duplex.capture.source.SourceInfo;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;
import java.util.function.Supplier;

/**
 * What stays the same across the sessions of one lease period.
 *
 * @param config the task's configuration as stored now ({@link StoredConfig}): read at every
 *               transaction boundary by the filter stage
 */
record SessionContext(Supplier<TaskConfig> config, Direction direction, SourceInfo source, SchemaCatalog catalog,
                      Collations collations, BatchSettings batchSettings, BatchPublisher publisher,
                      CaptureMetrics metrics) {
    String task() {
        return config.get().task();
    }
}
