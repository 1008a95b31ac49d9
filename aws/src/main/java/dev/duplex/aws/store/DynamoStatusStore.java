package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.GroupMark;
import dev.duplex.core.store.GroupPositions;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.StatusProgress;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.VerifyResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Status items {@code (task, "direction#<code>")} whose counters grow by atomic ADD, so writers
 * never read before writing; task log lines are items {@code (task, "log#<millis>#<random>")}
 * in the same table. The item also holds the start of the direction's retry window, shared by
 * every apply instance (set only if absent, removed on the next success), and the count and the
 * latest of the DDL statements the target refused. Each message group's last applied seq, position
 * and latency are attributes of it ({@link GroupMarkAttributes}).
 */
public final class DynamoStatusStore implements StatusStore {
    private static final String LOG_PREFIX = "log#";
    /** Other groups' marks in one UpdateItem: four SETs of about 50 expression bytes each, well inside 4 KB. */
    static final int GROUPS_PER_REQUEST = 20;
    /** Attributes one REMOVE names: about six expression bytes each. */
    private static final int REMOVALS_PER_REQUEST = 100;
    /**
     * Start of the retry window of the direction's default group (epoch millis), and with a
     * {@code #group} suffix that of another group; absent while the group is not retrying.
     */
    private static final String RETRYING_SINCE = "retryingSinceMillis";
    /** DDL statements the target refused (atomic count), and the latest one: database, statement, error, time. */
    private static final String DDL_FAILURES = "ddlFailures";
    private static final String LAST_DDL_DB = "lastDdlFailureDatabase";
    private static final String LAST_DDL = "lastDdlFailure";
    private static final String LAST_DDL_ERROR = "lastDdlFailureError";
    private static final String LAST_DDL_AT = "lastDdlFailureAtMillis";


    /** Rows a full sync's catch-up replayed over rows already there (atomic count; not conflicts). */
    private static final String CATCH_UP_REPLAYS = "catchUpReplays";
    /** The item of the task's latest scheduled verification. */
    private static final String VERIFY = "verify";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoStatusStore(DynamoDbClient dynamo, StoreTables tables) {
        this.dynamo = dynamo;
        this.table = tables.status();
    }

    static String itemKey(Direction direction) {
        return "direction#" + direction.code();
    }

    /**
     * Writes the other groups' marks first, at most {@link #GROUPS_PER_REQUEST} to a request (one
     * UpdateItem with them all broke DynamoDB's 4 KB expression limit at about a hundred groups,
     * and every later write, holding more, failed the same way); the counters go last, in one
     * request, so a write that fails part way adds them once when it is retried, while the marks'
     * SETs are simply repeated.
     */
    @Override
    public void addProgress(String task, Direction direction, StatusProgress p) {
        List<Map.Entry<String, GroupMark>> others = List.copyOf(p.otherGroups().entrySet());
        int last = (Math.max(0, others.size() - 1) / GROUPS_PER_REQUEST) * GROUPS_PER_REQUEST;
        for (int from = 0; from < last; from += GROUPS_PER_REQUEST) {
            update(task, direction, p, others.subList(from, from + GROUPS_PER_REQUEST), false);
        }
        update(task, direction, p, others.subList(last, others.size()), true);
    }

    private void update(String task, Direction direction, StatusProgress p, List<Map.Entry<String, GroupMark>> groups,
                        boolean withCounters) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":at", n(p.at().toEpochMilli()));
        List<String> sets = new ArrayList<>(List.of("updatedAtMillis = :at"));
        int i = 0;
        for (Map.Entry<String, GroupMark> group : groups) {
            GroupMarkAttributes.set("#" + group.getKey(), group.getValue(), String.valueOf(i++), sets, names, values);
        }
        String counters = "";
        if (withCounters) {
            GroupMark main = new GroupMark(p.lastAppliedSeq(), p.lastSourcePosition(), p.latencyMillis());
            GroupMarkAttributes.set("", main, "", sets, names, values);
            values.put(":rows", n(p.rowsDelta()));
            values.put(":batches", n(p.batchesDelta()));
            values.put(":conflicts", n(p.conflictsDelta()));
            values.put(":replays", n(p.catchUpReplaysDelta()));
            counters = " ADD rowsApplied :rows, batchesApplied :batches, conflicts :conflicts, " + CATCH_UP_REPLAYS
                    + " :replays";
        }
        String expression = "SET " + String.join(", ", sets) + counters;
        try {
            dynamo.updateItem(b -> {
                b.tableName(table).key(Attrs.key(task, itemKey(direction))).updateExpression(expression)
                        .expressionAttributeValues(values);
                if (!names.isEmpty()) {
                    b.expressionAttributeNames(names);
                }
            });
        } catch (DynamoDbException e) {
            throw GroupMarkAttributes.itemFull(task, direction, e);
        }
    }

    @Override
    public void recordError(String task, Direction direction, String error, Instant at) {
        dynamo.updateItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(direction)))
                .updateExpression("SET lastError = :e, lastErrorAtMillis = :at")
                .expressionAttributeValues(Map.of(":e", s(error), ":at", n(at.toEpochMilli()))));
    }

    @Override
    public Instant recordRetrying(String task, Direction direction, String group, String error, Instant at) {
        // if_not_exists keeps the earliest start: the write is conditional on the attribute, atomically.
        var updated = dynamo.updateItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(direction)))
                .updateExpression("SET lastError = :e, lastErrorAtMillis = :at, #r = if_not_exists(#r, :at)")
                .expressionAttributeNames(Map.of("#r", retryingSince(direction, group)))
                .expressionAttributeValues(Map.of(":e", s(error), ":at", n(at.toEpochMilli())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return Instant.ofEpochMilli(num(updated, retryingSince(direction, group), at.toEpochMilli()));
    }

    /** The attribute of a group's retry window: the direction's default group keeps the name it always had. */
    static String retryingSince(Direction direction, String group) {
        return group.equals(QueueNames.defaultGroup(direction)) ? RETRYING_SINCE : RETRYING_SINCE + "#" + group;
    }

    @Override
    public void recordRefusedDdl(String task, Direction direction, RefusedDdl refused) {
        Map<String, AttributeValue> key = Attrs.key(task, itemKey(direction));
        try {
            // One request: the count and the last statement change together, or not at all.
            dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET " + LAST_DDL_DB + " = :db, " + LAST_DDL + " = :st, " + LAST_DDL_ERROR
                            + " = :e, " + LAST_DDL_AT + " = :at ADD " + DDL_FAILURES + " :one")
                    .conditionExpression("attribute_not_exists(" + LAST_DDL_AT + ") OR " + LAST_DDL_AT + " <= :at")
                    .expressionAttributeValues(Map.of(":db", s(refused.database()), ":st", s(refused.statement()),
                            ":e", s(refused.error()), ":at", n(refused.at().toEpochMilli()), ":one", n(1))));
        } catch (ConditionalCheckFailedException laterStored) {
            // Another instance stored a later refusal: count this one, keep that one as the last.
            dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression("ADD " + DDL_FAILURES + " :one")
                    .expressionAttributeValues(Map.of(":one", n(1))));
        }
    }

    @Override
    public void endRetrying(String task, Direction direction, String group) {
        remove(task, direction, List.of(retryingSince(direction, group)));
    }

    @Override
    public void endAllRetrying(String task, Direction direction) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(direction)))
                .consistentRead(true)).item();
        remove(task, direction, item == null ? List.of()
                : item.keySet().stream().filter(name -> name.startsWith(RETRYING_SINCE)).toList());
    }

    /**
     * Removes the attributes, {@link #REMOVALS_PER_REQUEST} to a request: every group's retry window
     * in one REMOVE broke DynamoDB's 4 KB expression limit at about seven hundred groups.
     */
    private void remove(String task, Direction direction, List<String> attributes) {
        for (int from = 0; from < attributes.size(); from += REMOVALS_PER_REQUEST) {
            List<String> some = attributes.subList(from, Math.min(attributes.size(), from + REMOVALS_PER_REQUEST));
            Map<String, String> names = new HashMap<>(Map.of("#t", TableSetup.TASK));
            List<String> removed = new ArrayList<>();
            for (int i = 0; i < some.size(); i++) {
                names.put("#r" + i, some.get(i));
                removed.add("#r" + i);
            }
            try {
                // Conditional: an absent status item must not be created by the removal.
                dynamo.updateItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(direction)))
                        .updateExpression("REMOVE " + String.join(", ", removed)).conditionExpression("attribute_exists(#t)")
                        .expressionAttributeNames(names));
            } catch (ConditionalCheckFailedException noStatus) {
                return; // Nothing to end.
            }
        }
    }

    @Override
    public Optional<DirectionStatus> get(String task, Direction direction) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(direction))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        long updatedAt = num(item, "updatedAtMillis", 0);
        GroupPositions groups = GroupPositions.of(GroupMarkAttributes.read(item, direction, updatedAt));
        return Optional.of(new DirectionStatus(task, direction, groups.latencyMillis(),
                str(item, GroupMarkAttributes.SEQ), groups.lowestPosition(), num(item, "rowsApplied", 0),
                num(item, "batchesApplied", 0), num(item, "conflicts", 0), str(item, "lastError"),
                Instant.ofEpochMilli(Math.max(updatedAt, num(item, "lastErrorAtMillis", 0))),
                Instant.ofEpochMilli(num(item, "lastErrorAtMillis", 0)),
                Instant.ofEpochMilli(updatedAt), earliestRetryingSince(item), num(item, DDL_FAILURES, 0),
                lastDdlFailure(item), num(item, CATCH_UP_REPLAYS, 0), Math.max(1, groups.groups()),
                groups.behindGroup(),
                Instant.ofEpochMilli(groups.measuredAtMillis() > 0 ? groups.measuredAtMillis() : updatedAt)));
    }

    /** The oldest retry window open in any group of the direction (EPOCH: none). */
    private static Instant earliestRetryingSince(Map<String, AttributeValue> item) {
        return item.keySet().stream().filter(name -> name.startsWith(RETRYING_SINCE))
                .map(name -> num(item, name, 0)).filter(millis -> millis > 0).min(Long::compare)
                .map(Instant::ofEpochMilli).orElse(Instant.EPOCH);
    }

    private static Optional<RefusedDdl> lastDdlFailure(Map<String, AttributeValue> item) {
        if (!item.containsKey(LAST_DDL_AT)) {
            return Optional.empty();
        }
        return Optional.of(new RefusedDdl(str(item, LAST_DDL_DB), str(item, LAST_DDL), str(item, LAST_DDL_ERROR),
                Instant.ofEpochMilli(num(item, LAST_DDL_AT, 0))));
    }

    @Override
    public void recordVerification(String task, VerifyResult r) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(task, VERIFY));
        item.put("atMillis", n(r.at().toEpochMilli()));
        item.put("tables", n(r.tables()));
        item.put("rows", n(r.rows()));
        item.put("differences", n(r.differences()));
        item.put("millis", n(Math.round(r.seconds() * 1000)));
        item.put("differing", s(String.join("\n", r.differing())));
        item.put("note", s(r.note()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<VerifyResult> lastVerification(String task) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, VERIFY)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        String differing = str(item, "differing");
        return Optional.of(new VerifyResult(Instant.ofEpochMilli(num(item, "atMillis", 0)),
                (int) num(item, "tables", 0), num(item, "rows", 0), num(item, "differences", 0),
                num(item, "millis", 0) / 1000.0, differing.isEmpty() ? List.of() : List.of(differing.split("\n")),
                str(item, "note")));
    }

    @Override
    public void appendLog(TaskLogEntry e) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(e.task(), SortableIds.next(LOG_PREFIX, e.at())));
        item.put("direction", s(e.direction()));
        item.put("level", s(e.level()));
        item.put("message", s(e.message()));
        item.put("atMillis", n(e.at().toEpochMilli()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<TaskLogEntry> log(String task, int limit) {
        var response = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("#t = :t AND begins_with(#i, :p)")
                .expressionAttributeNames(Map.of("#t", TableSetup.TASK, "#i", TableSetup.ITEM))
                .expressionAttributeValues(Map.of(":t", s(task), ":p", s(LOG_PREFIX)))
                .scanIndexForward(false).limit(limit).consistentRead(true));
        return response.items().stream().map(i -> new TaskLogEntry(task, str(i, "direction"), str(i, "level"),
                str(i, "message"), Instant.ofEpochMilli(num(i, "atMillis", 0)))).toList();
    }
}
