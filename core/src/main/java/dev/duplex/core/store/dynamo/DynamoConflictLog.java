package dev.duplex.core.store.dynamo;

import static dev.duplex.core.store.dynamo.Attrs.n;
import static dev.duplex.core.store.dynamo.Attrs.num;
import static dev.duplex.core.store.dynamo.Attrs.s;
import static dev.duplex.core.store.dynamo.Attrs.str;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.ConflictRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Conflicts as items {@code (task, "<millis>#<random>")} in the conflicts table, so a query on
 * the task reads them in time order. Each item expires after {@code retention} through the
 * table's TTL attribute.
 */
public final class DynamoConflictLog implements ConflictLog {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public DynamoConflictLog(DynamoDbClient dynamo, StoreTables tables) {
        this(dynamo, tables, DEFAULT_RETENTION);
    }

    public DynamoConflictLog(DynamoDbClient dynamo, StoreTables tables, Duration retention) {
        this.dynamo = dynamo;
        this.table = tables.conflicts();
        this.retention = retention;
    }

    @Override
    public void record(ConflictRecord c) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(c.task(), SortableIds.next("", c.detectedAt())));
        item.put("direction", s(c.direction().code()));
        item.put("db", s(c.database()));
        item.put("tbl", s(c.table()));
        item.put("kind", s(c.kind()));
        item.put("policy", s(c.policy()));
        item.put("decision", s(c.decision()));
        item.put("rowKey", s(c.key()));
        item.put("beforeImage", s(c.beforeImage()));
        item.put("afterImage", s(c.afterImage()));
        item.put("targetRow", s(c.targetRow()));
        item.put("seq", s(c.seq()));
        item.put("sourcePosition", s(c.sourcePosition()));
        item.put("detectedAtMillis", n(c.detectedAt().toEpochMilli()));
        item.put(TableSetup.TTL, n(c.detectedAt().plus(retention).getEpochSecond()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<ConflictRecord> recent(String task, int limit) {
        var response = dynamo.query(b -> b.tableName(table).keyConditionExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", TableSetup.TASK))
                .expressionAttributeValues(Map.of(":t", s(task)))
                .scanIndexForward(false).limit(limit).consistentRead(true));
        return response.items().stream().map(DynamoConflictLog::fromItem).toList();
    }

    private static ConflictRecord fromItem(Map<String, AttributeValue> item) {
        return new ConflictRecord(str(item, TableSetup.TASK), Direction.ofCode(str(item, "direction")),
                str(item, "db"), str(item, "tbl"), str(item, "kind"), str(item, "policy"), str(item, "decision"),
                str(item, "rowKey"), str(item, "beforeImage"), str(item, "afterImage"), str(item, "targetRow"),
                str(item, "seq"), str(item, "sourcePosition"), Instant.ofEpochMilli(num(item, "detectedAtMillis")));
    }
}
