package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

public final class DynamoTaskStore implements TaskStore {
    static final String CONFIG = "config";
    static final String STATE = "state";
    static final String STATE_REASON = "stateReason";
    static final String VERSION = "version";
    static final String UPDATED_AT = "updatedAtMillis";
    /**
     * What {@link #updateState} writes. infra/sam/template.yaml and infra/terraform grant the capture
     * and apply roles UpdateItem on exactly these (and the key), and infra/test/security_checks.py
     * reads this line to keep them in step.
     */
    public static final List<String> STATE_ATTRIBUTES = List.of(STATE, STATE_REASON, VERSION, UPDATED_AT);

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
        return Optional.of(new TaskRecord(str(item, TableSetup.TASK), str(item, CONFIG),
                TaskState.valueOf(str(item, STATE)), str(item, STATE_REASON), num(item, VERSION),
                Instant.ofEpochMilli(num(item, UPDATED_AT))));
    }

    /**
     * Reads the task, checks the version and the lifecycle move, then updates only the state's own
     * attributes ({@link #STATE_ATTRIBUTES}) under the version condition. Never the whole item: on
     * AWS the capture and apply roles may update these attributes and no others (infra/,
     * {@code dynamodb:Attributes}), so none of them can rewrite the task's nodes or objects.
     */
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
            dynamo.updateItem(b -> b.tableName(table).key(Map.of(TableSetup.TASK, s(task)))
                    .updateExpression("SET #s = :s, #r = :r, #v = :next, #u = :u")
                    .conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#s", STATE, "#r", STATE_REASON, "#v", VERSION, "#u", UPDATED_AT))
                    .expressionAttributeValues(Map.of(":s", s(state.name()), ":r", s(next.stateReason()),
                            ":next", n(next.version()), ":u", n(next.updatedAt().toEpochMilli()),
                            ":v", n(expectedVersion))));
        } catch (ConditionalCheckFailedException raced) {
            throw new TaskStore.StaleVersionException(task, expectedVersion);
        }
        return next;
    }

    /**
     * Writes the whole of {@code rec} if the stored version is {@code expectedVersion} (0: the task must
     * not exist). Only {@link #put} does, for the operator (duplex task put), who may replace the config.
     */
    private void write(TaskRecord rec, long expectedVersion) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSetup.TASK, s(rec.task()));
        item.put(CONFIG, s(rec.config()));
        item.put(STATE, s(rec.state().name()));
        item.put(STATE_REASON, s(rec.stateReason()));
        item.put(VERSION, n(rec.version()));
        item.put(UPDATED_AT, n(rec.updatedAt().toEpochMilli()));
        if (expectedVersion == 0) {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(#t)")
                    .expressionAttributeNames(Map.of("#t", TableSetup.TASK)));
        } else {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("#v = :v")
                    .expressionAttributeNames(Map.of("#v", VERSION))
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
        }
    }
}
