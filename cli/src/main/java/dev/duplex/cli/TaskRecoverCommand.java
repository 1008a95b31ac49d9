package dev.duplex.cli;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.aws.store.DynamoCheckpointStore;
import dev.duplex.aws.store.DynamoSnapshotStore;
import dev.duplex.aws.store.DynamoTaskStore;
import dev.duplex.capture.lifecycle.ApplyMappings;
import dev.duplex.cli.local.TaskRecover;
import dev.duplex.core.model.Direction;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Rewinds a stopped direction to what its target applied: the recovery for a gap, a DLQ, a poison message. */
@Command(name = "recover", mixinStandardHelpOptions = true, description = "Rewind the captures of a FAILED or "
        + "PAUSED task to what each target last applied (the binlog is the source of truth): what the old run "
        + "still has queued is dropped where it is sent again and applied where it is not, the dead-letter queues "
        + "purged, and the task goes back to the phase it failed in. The recovery for a direction stopped on "
        + "missing messages, on a message that kept failing (fix its cause first), or for anything in a dead-letter "
        + "queue. Needs network access to both nodes.")
final class TaskRecoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    TaskCommand.StoreOptions store;
    @Parameters(index = "0", description = "Task name.")
    String task;
    @Option(names = "--direction", description = "Only this direction (a2b or b2a); default both.")
    String direction;
    @Option(names = "--sqs-endpoint", description = "SQS endpoint whose dead-letter queues of the task are "
            + "purged; with --aws-region the task's queues on AWS are.")
    URI sqsEndpoint;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Direction> directions;
        try {
            directions = direction == null ? List.of(Direction.values()) : List.of(Direction.ofCode(direction));
        } catch (IllegalArgumentException e) {
            err.printf("--direction must be a2b or b2a, got '%s'%n", direction);
            return ExitCodes.USAGE;
        }
        Optional<SqsClient> queues = store.queues(sqsEndpoint);
        try (StateDir.Dynamo dynamo = store.open()) {
            var tasks = new DynamoTaskStore(dynamo.client(), dynamo.tables(), Clock.systemUTC());
            ApplyMappings mappings = store.mappings(task).<ApplyMappings>map(m -> m).orElse(ApplyMappings.NONE);
            var outcome = new TaskRecover(tasks, new DynamoCheckpointStore(dynamo.client(), dynamo.tables()),
                    new DynamoSnapshotStore(dynamo.client(), dynamo.tables()), SecretResolvers.defaults(),
                    Clock.systemUTC()).recover(task, directions, queues, mappings);
            PrintWriter out = spec.commandLine().getOut();
            for (var r : outcome.rewound()) {
                out.printf("%s: capture rewinds to %s (after seq %s), what node %s applied; of the old run's "
                        + "queued messages, what it sends again is dropped and the rest applied%n", r.direction().code(),
                        r.from().position(), r.from().lastSeq(), r.direction().targetNode());
            }
            if (!outcome.purged().isEmpty()) {
                out.printf("dead-letter queues purged: %s%n", String.join(", ", outcome.purged()));
            }
            out.printf("task '%s' is %s%n", task, outcome.state());
            return ExitCodes.OK;
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            queues.ifPresent(SqsClient::close);
        }
    }
}
