package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.ConflictLog;
import dev.duplex.core.store.ConflictQuery;
import dev.duplex.core.store.ConflictRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Conflicts as items {@code (task, "<millis>#<random>")} in the conflicts table, so a query on
 * the task reads them in time order. Each item expires after {@code retention} through the
 * table's TTL attribute. Every item fits DynamoDB's 400 KB: row images with large TEXT or BLOB
 * values (and a key over them) are cut to share about 350 KB, each cut value stored with its
 * whole size and SHA-256 ({@link ItemFit}, {@link ConflictRecord.Truncated}).
 */
public final class DynamoConflictLog implements ConflictLog {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The attributes that hold row values, which may be cut to fit. */
    static final List<String> ROW_VALUES = List.of("rowKey", "beforeImage", "afterImage", "targetRow");
    /** BatchWriteItem's limit; 25 items cut to fit stay far under its 16 MB. */
    static final int BATCH_ITEMS = 25;
    static final int UNPROCESSED_ATTEMPTS = 8;

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
        dynamo.putItem(b -> b.tableName(table).item(item(c)));
    }

    /**
     * In BatchWriteItem requests of {@link #BATCH_ITEMS}: a message of a contended workload meets
     * hundreds of conflicts, and one PutItem each held its apply for a round trip per row. What
     * DynamoDB leaves unprocessed (throttled) is sent again after a pause; what is still left after
     * {@link #UNPROCESSED_ATTEMPTS} attempts fails the call as retriable, and the message with it.
     */
    @Override
    public void recordAll(List<ConflictRecord> conflicts) {
        if (conflicts.size() == 1) {
            record(conflicts.get(0));
            return;
        }
        for (int from = 0; from < conflicts.size(); from += BATCH_ITEMS) {
            List<WriteRequest> puts = conflicts.subList(from, Math.min(from + BATCH_ITEMS, conflicts.size())).stream()
                    .map(c -> WriteRequest.builder().putRequest(p -> p.item(item(c))).build()).toList();
            write(Map.of(table, puts));
        }
    }

    private void write(Map<String, List<WriteRequest>> requests) {
        Map<String, List<WriteRequest>> pending = requests;
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> sending = pending;
            var response = dynamo.batchWriteItem(b -> b.requestItems(sending));
            if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
                return;
            }
            pending = response.unprocessedItems();
            int left = pending.values().stream().mapToInt(List::size).sum();
            if (attempt >= UNPROCESSED_ATTEMPTS) {
                throw new RetriableException(left + " conflict records were left unprocessed by DynamoDB (throttled)"
                        + " after " + attempt + " attempts");
            }
            try {
                Thread.sleep(Math.min(1000L, 25L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("interrupted while writing conflict records", e);
            }
        }
    }

    private Map<String, AttributeValue> item(ConflictRecord c) {
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
        ItemFit.fit(item, ROW_VALUES, ItemFit.DEFAULT_BUDGET);
        return item;
    }

    @Override
    public List<ConflictRecord> recent(String task, int limit) {
        var response = dynamo.query(b -> b.tableName(table).keyConditionExpression("#t = :t")
                .expressionAttributeNames(Map.of("#t", TableSetup.TASK))
                .expressionAttributeValues(Map.of(":t", s(task)))
                .scanIndexForward(false).limit(limit).consistentRead(true));
        return response.items().stream().map(DynamoConflictLog::fromItem).toList();
    }

    /**
     * Reads the task's items from the newest back to {@code since} (the sort key begins with the
     * time), page by page, and filters table and direction here, so a page that DynamoDB fills
     * with other tables' conflicts does not end the reading before the limit is met.
     */
    @Override
    public List<ConflictRecord> query(String task, ConflictQuery query) {
        List<ConflictRecord> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(table).keyConditionExpression("#t = :t AND #i >= :since")
                    .expressionAttributeNames(Map.of("#t", TableSetup.TASK, "#i", TableSetup.ITEM))
                    .expressionAttributeValues(Map.of(":t", s(task),
                            ":since", s(String.format("%013d", Math.max(0, query.since().toEpochMilli())))))
                    .scanIndexForward(false).consistentRead(true).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                ConflictRecord c = fromItem(item);
                if (query.matches(c)) {
                    out.add(c);
                    if (out.size() == query.limit()) {
                        return out;
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** The record's name of a cut attribute ("rowKey" is the record's key). */
    private static ConflictRecord.Truncated recordField(ConflictRecord.Truncated cut) {
        return cut.field().equals("rowKey") ? new ConflictRecord.Truncated("key", cut.bytes(), cut.sha256()) : cut;
    }

    private static ConflictRecord fromItem(Map<String, AttributeValue> item) {
        return new ConflictRecord(str(item, TableSetup.TASK), Direction.ofCode(str(item, "direction")),
                str(item, "db"), str(item, "tbl"), str(item, "kind"), str(item, "policy"), str(item, "decision"),
                str(item, "rowKey"), str(item, "beforeImage"), str(item, "afterImage"), str(item, "targetRow"),
                str(item, "seq"), str(item, "sourcePosition"), Instant.ofEpochMilli(num(item, "detectedAtMillis")),
                ItemFit.read(item, ROW_VALUES).stream().map(DynamoConflictLog::recordField).toList());
    }
}
