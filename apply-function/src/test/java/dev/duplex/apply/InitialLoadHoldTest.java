package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.ConflictQuery;
import dev.duplex.core.store.ConflictRecord;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The handler holds the reverse direction during the initial load (issue #13): while the task is
 * in SCHEMA_SYNC or FULL_SYNC, every b2a message is returned unapplied, without touching node a,
 * and the end of the hold is seen on the next invocation.
 */
class InitialLoadHoldTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String CONFIG = """
            task: held
            nodes:
              a: {host: 127.0.0.1, port: 1, user: duplex, password: env:NONE, tls: disabled}
              b: {host: 127.0.0.1, port: 2, user: duplex, password: env:NONE, tls: disabled}
            objects:
              - shop
            """;

    private final Tasks tasks = new Tasks();
    private final RecordingStatusStore status = new RecordingStatusStore();

    private ApplyContext context(Direction d) {
        return new ApplyContext("held", d, new ApplyStores(tasks, status, new Conflicts()), ref -> {
            throw new AssertionError("a held direction must not connect to its target");
        }, CLOCK, ApplyContext.TASK_MAX_AGE);
    }

    @Test
    void shouldReturnEveryReverseMessageUnappliedDuringSchemaAndFullSync() {
        try (ApplyContext ctx = context(Direction.B2A)) {
            SqsBatchProcessor handler = SqsBatchProcessor.create(ctx);
            for (TaskState s : List.of(TaskState.SCHEMA_SYNC, TaskState.FULL_SYNC)) {
                tasks.state = s;
                SQSBatchResponse r = handler.process(event("m1", "m2", "m3"));
                assertEquals(List.of("m1", "m2", "m3"), r.getBatchItemFailures().stream()
                        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(), s.name());
            }
            assertEquals(List.of(), status.events, "a hold is no error: the direction's status is not touched");
        }
    }

    @Test
    void shouldSeeTheEndOfTheFullSyncAtOnce() {
        try (ApplyContext ctx = context(Direction.B2A)) {
            tasks.state = TaskState.FULL_SYNC;
            assertEquals(TaskState.FULL_SYNC, ctx.currentTask().state());
            tasks.state = TaskState.RUNNING;
            assertEquals(TaskState.RUNNING, ctx.currentTask().state(), "a held state is not kept for the max age");
        }
    }

    @Test
    void shouldApplyTheForwardDirectionDuringTheFullSync() {
        try (ApplyContext ctx = context(Direction.A2B)) {
            tasks.state = TaskState.FULL_SYNC;
            assertEquals(TaskState.FULL_SYNC, ctx.currentTask().state());
            int reads = tasks.reads;
            tasks.state = TaskState.RUNNING;
            assertEquals(TaskState.FULL_SYNC, ctx.currentTask().state(), "applying: kept for the max age");
            assertEquals(reads, tasks.reads);
        }
    }

    private static SQSEvent event(String... ids) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String id : ids) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId(id);
            m.setBody("not read while held");
            records.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }

    private static final class Tasks implements TaskStore {
        TaskState state = TaskState.RUNNING;
        int reads;

        @Override
        public TaskRecord put(String task, String configDocument) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<TaskRecord> get(String task) {
            reads++;
            return Optional.of(new TaskRecord(task, CONFIG, state, "", 1, CLOCK.instant()));
        }

        @Override
        public TaskRecord updateState(String task, TaskState s, String reason, long expectedVersion) {
            throw new AssertionError("the hold must not change the task's state, got a move to " + s);
        }
    }

    private static final class Conflicts implements ConflictLog {
        @Override
        public void record(ConflictRecord conflict) {
            throw new AssertionError("no conflict while held");
        }

        @Override
        public List<ConflictRecord> recent(String task, int limit) {
            return List.of();
        }

        @Override
        public List<ConflictRecord> query(String task, ConflictQuery query) {
            return List.of();
        }
    }
}
