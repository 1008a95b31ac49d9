package dev.duplex.capture;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.decode.Collations;
import dev.duplex.capture.decode.SchemaCatalog;
import dev.duplex.capture.publish.BatchPublisher;
import dev.duplex.capture.source.SourceInfo;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.model.Direction;

/** What stays the same across the sessions of one lease period. */
record SessionContext(TaskConfig config, Direction direction, SourceInfo source, SchemaCatalog catalog,
                      Collations collations, BatchSettings batchSettings, BatchPublisher publisher,
                      CaptureMetrics metrics) {
    String task() {
        return config.task();
    }
}
