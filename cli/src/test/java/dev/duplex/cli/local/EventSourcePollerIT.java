package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.ApplyContext;
import dev.duplex.apply.ApplyStores;
import dev.duplex.apply.SqsBatchProcessor;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A poller that read the task's state just before a pause receives a batch the function returns
 * unapplied. Left to the queue's visibility time-out (10 s locally, minutes on a deployed queue)
 * such a message would hide its whole FIFO group that long after the resume; it comes back within
 * seconds instead, twice at most, and a message that keeps coming back goes at a failed
 * message's pace.
 * Real ElasticMQ and DynamoDB Local; the task is PAUSED in the task table.
 */
class EventSourcePollerIT {
    private static final String CONFIG = """
            task: returned
            nodes:
              a: {host: 127.0.0.1, port: 1, user: duplex, password: env:NONE, tls: disabled}
              b: {host: 127.0.0.1, port: 2, user: duplex, password: env:NONE, tls: disabled}
            objects:
              - shop
            """;
    /** Longer than the poller's soon (3 s) with room for a slow machine, shorter than the queue's 10 s. */
    private static final Duration SOON_BOUND = Duration.ofSeconds(7);

    @TempDir
    Path dir;

    @Test
    void shouldLetAMessageReturnedBecauseTheTaskIsPausedComeBackWithinSeconds() throws Exception {
        TaskConfig config = TaskConfigLoader.parse(CONFIG);
        Clock clock = Clock.systemUTC();
        try (LocalServices services = LocalServices.start(dir.resolve("dynamodb"), "duplex-", config, clock)) {
            TaskRecord r = services.stores().tasks().put(config.task(), CONFIG);
            for (TaskState next : List.of(TaskState.PRECHECK, TaskState.RUNNING, TaskState.PAUSED)) {
                r = services.stores().tasks().updateState(config.task(), next, "", r.version());
            }
            var s = services.stores();
            ApplyStores stores = new ApplyStores(s.tasks(), s.status(), s.conflicts(), s.removedColumns());
            try (ApplyContext context = new ApplyContext(config.task(), Direction.A2B, stores, ref -> {
                throw new AssertionError("a paused task must not connect to its target");
            }, clock, ApplyContext.TASK_MAX_AGE)) {
                String url = services.queue(Direction.A2B).url();
                // Active although the task is paused: the moment before the poller sees the pause.
                EventSourcePoller poller = new EventSourcePoller(services.sqsClient(), url,
                        services.queueArn(Direction.A2B), Direction.A2B, SqsBatchProcessor.create(context),
                        () -> true, services.redelivery());
                services.sqsClient().sendMessage(b -> b.queueUrl(url).messageGroupId("a2b")
                        .messageDeduplicationId("m1").messageBody("{\"held\": true}"));
                assertTrue(polledWithin(poller, SOON_BOUND), "received and returned unapplied");
                assertTrue(polledWithin(poller, SOON_BOUND), "came back within seconds, returned again");
                assertTrue(polledWithin(poller, SOON_BOUND), "came back within seconds once more, returned again");
                assertEquals(Optional.empty(), receiveWithin(services, url, SOON_BOUND),
                        "returned a third time it comes back at a failed message's pace");
                String hidden = services.sqsClient().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
                assertEquals("1", hidden, "nothing is lost: the message waits in the queue");
            }
        }
    }

    /** Whether the poller received (and handed to the function) a message within {@code bound}. */
    private static boolean polledWithin(EventSourcePoller poller, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (poller.pollOnce() > 0) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Message> receiveWithin(LocalServices services, String url, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> got = services.sqsClient().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1))
                    .messages();
            if (!got.isEmpty()) {
                return Optional.of(got.get(0));
            }
        }
        return Optional.empty();
    }
}
