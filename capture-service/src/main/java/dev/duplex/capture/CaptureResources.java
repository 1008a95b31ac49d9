package dev.duplex.capture;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.LeaseStore;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The outside services a capture uses. The caller owns them (and closes the clients); capture
 * only uses them, so one set can serve both captures of the local runtime.
 */
public record CaptureResources(SqsClient sqs, TaskStore tasks, CheckpointStore checkpoints, LeaseStore leases,
                               SecretResolver secrets, Clock clock) {
    public CaptureResources {
        Objects.requireNonNull(sqs, "sqs");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(secrets, "secrets");
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
