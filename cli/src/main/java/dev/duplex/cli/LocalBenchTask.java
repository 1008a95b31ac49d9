package dev.duplex.cli;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.bench.LocalTask;
import dev.duplex.cli.local.LocalRuntime;
import dev.duplex.cli.local.LocalServices;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** The bench's task on the cli's local runtime: {@link LocalServices} and {@link LocalRuntime}, as duplex local. */
final class LocalBenchTask implements LocalTask {
    private final TaskConfig config;
    private final String document;
    private final LocalServices services;
    private LocalRuntime runtime;

    private LocalBenchTask(TaskConfig config, String document, LocalServices services) {
        this.config = config;
        this.document = document;
        this.services = services;
    }

    /** A {@link LocalTask.Factory}: starts ElasticMQ and DynamoDB Local for {@code config}. */
    static LocalTask create(Path dynamoData, TaskConfig config, String document) {
        return new LocalBenchTask(config, document, LocalServices.start(dynamoData, "duplex-", config,
                Clock.systemUTC()));
    }

    @Override
    public void start() {
        runtime = new LocalRuntime(config, document, services, SecretResolvers.defaults(), Clock.systemUTC(),
                UnaryOperator.identity());
        runtime.start();
    }

    @Override
    public TaskRecord record() {
        return runtime.states().record();
    }

    @Override
    public TaskState current() {
        return runtime.states().current();
    }

    @Override
    public void moveTo(TaskState next, String reason) {
        runtime.states().moveTo(next, reason);
    }

    @Override
    public StatusStore status() {
        return services.stores().status();
    }

    @Override
    public CheckpointStore checkpoints() {
        return services.stores().checkpoints();
    }

    @Override
    public void close() {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            services.close();
        }
    }
}
