package dev.duplex.core.store.dynamo;

import static dev.duplex.core.store.dynamo.Attrs.n;
import static dev.duplex.core.store.dynamo.Attrs.num;
import static dev.duplex.core.store.dynamo.Attrs.s;
import static dev.duplex.core.store.dynamo.Attrs.str;

import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

public final class DynamoTaskStore implements TaskStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoTaskStore(DynamoDbClient dynamo, StoreTables tables, Clock clock) {
        this.dynamo = dynamo;
        this.table = tables.tasks();
        this.clock = clock;
    }

    @Override
    public TaskRecord put(String task, String configDocument) {
        for (int attempt = 0; ; attempt++) {
            Optional<TaskRecord> existing = get(task);
            long next = existing.map(r -> r.version() + 1).orElse(1L);
            TaskRecord rec = new TaskRecord(task, configDocument,
                    existing.map(TaskRecord::state).orElse(TaskState.CREATED),
                    existing.map(TaskRecord::stateReason).orElse(""), next, clock.instant());
            try {
                write(rec, existing.map(TaskRecord::version).orElse(0L));
                return rec;
            } catch (ConditionalCheckFailedException raced) {
                if (attempt >= 5) {
                    throw new TaskStore.StaleVersionException(task, next - 1);
                }
            }
        }
    }

    @Override
    public Optional<TaskRecord> get(String task) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Map.of(TableSetup.TASK, s(task))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TaskRecord(str(item, TableSetup.TASK), str(item, "config"),
                TaskState.valueOf(str(item, "state")), str(item, "stateReason"), num(item, "version"),
                Instant.ofEpochMilli(num(item, "updatedAtMillis"))));
    }

    @Override
    public TaskRecord updateState(String task, TaskState state, String reason, long expectedVersion) {
        TaskRecord current = get(task).orElseThrow(() -> new IllegalStateException(
                "task '" + task + "' does not exist: store its config first (duplex task put)"));
        if (current.version() != expectedVersion) {
            throw new TaskStore.StaleVersionException(task, expectedVersion);
        }
        if (!current.state().canMoveTo(state)) {
            throw new IllegalStateException("task '" + task + "' cannot move from " + current.state() + " to " + state);
        }
        TaskRecord next = new TaskRecord(task, current.config(), state, reason, expectedVersion + 1, clock.instant());
        try {
            write(next, expectedVersion);
        } catch (ConditionalCheckFailedException raced) {
            throw new TaskStore.StaleVersionException(task, expectedVersion);
        }
        return next;
    }

    /** Writes {@code rec} if the stored version is {@code expectedVersion} (0: the task must not exist). */
    private void write(TaskRecord rec, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSetup.TASK, s(rec.task()));
        item.put("config", s(rec.config()));
        item.put("state", s(rec.state().name()));
        item.put("stateReason", s(rec.stateReason()));
        item.put("version", n(rec.version()));
        item.put("updatedAtMillis", n(rec.updatedAt().toEpochMilli()));
        if (expectedVersion == 0) {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#t)")
                    .expressionAttributeNames(Map.of("#t", TableSetup.TASK)));
        } else {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
        }
    }
}
