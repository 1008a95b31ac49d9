package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.ResumePoint;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.CheckpointStore;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.RewindRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Checkpoints as items {@code (task, "checkpoint#<direction>")}. Each write is a DynamoDB
 * transaction with a condition check on the source node's lease item, so a capture whose lease
 * was taken over can never move the checkpoint again.
 */
public final class DynamoCheckpointStore implements CheckpointStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCheckpointStore(DynamoDbClient dynamo, StoreTables tables) {
        this.dynamo = dynamo;
        this.table = tables.checkpoints();
    }

    static String itemKey(Direction direction) {
        return "checkpoint#" + direction.code();
    }

    /** The last accepted seq of each message group besides the default one: a map, absent with one group. */
    private static final String GROUP_SEQS = "groupSeqs";

    private static Map<String, Seq> groupSeqs(Map<String, AttributeValue> item) {
        AttributeValue groups = item.get(GROUP_SEQS);
        if (groups == null || !groups.hasM()) {
            return Map.of();
        }
        Map<String, Seq> seqs = new HashMap<>();
        groups.m().forEach((group, seq) -> seqs.put(group, Seq.parse(seq.s())));
        return seqs;
    }

    /** Where each message group's first transaction sent begins, as file:pos: a map, absent before it was kept. */
    private static final String GROUP_STARTS = "groupStarts";

    private static Map<String, BinlogPosition> groupStarts(Map<String, AttributeValue> item) {
        AttributeValue groups = item.get(GROUP_STARTS);
        if (groups == null || !groups.hasM()) {
            return Map.of();
        }
        Map<String, BinlogPosition> starts = new HashMap<>();
        groups.m().forEach((group, at) -> {
            String text = at.s();
            int colon = text.lastIndexOf(':');
            starts.put(group, new BinlogPosition(text.substring(0, colon), Long.parseLong(text.substring(colon + 1))));
        });
        return starts;
    }

    @Override
    public Optional<CaptureCheckpoint> load(String task, Direction direction) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(direction))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        var position = new BinlogPosition(str(item, "file"), num(item, "pos"), str(item, "gtidSet"));
        return Optional.of(new CaptureCheckpoint(task, direction, position, Seq.parse(str(item, "seq")),
                str(item, "serverIdentity"), Instant.ofEpochMilli(num(item, "updatedAtMillis")),
                str(item, "chain"), groupSeqs(item), groupStarts(item)));
    }

    @Override
    public void save(CaptureCheckpoint cp, Lease lease) {
        if (!lease.task().equals(cp.task()) || !lease.node().equals(cp.direction().sourceNode())) {
            throw new IllegalArgumentException("lease " + lease.task() + "/" + lease.node()
                    + " does not cover checkpoint " + cp.task() + "/" + cp.direction().code());
        }
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(cp.task(), itemKey(cp.direction())));
        item.put("file", s(cp.position().file()));
        item.put("pos", n(cp.position().pos()));
        item.put("gtidSet", s(cp.position().gtidSet()));
        item.put("seq", s(cp.lastSeq().text()));
        item.put("serverIdentity", s(cp.serverIdentity()));
        item.put("updatedAtMillis", n(cp.updatedAt().toEpochMilli()));
        item.put("chain", s(cp.chain()));
        if (!cp.groupSeqs().isEmpty()) {
            Map<String, AttributeValue> groups = new HashMap<>();
            cp.groupSeqs().forEach((group, seq) -> groups.put(group, s(seq.text())));
            item.put(GROUP_SEQS, AttributeValue.fromM(groups));
        }
        if (!cp.groupStarts().isEmpty()) {
            Map<String, AttributeValue> starts = new HashMap<>();
            cp.groupStarts().forEach((group, at) -> starts.put(group, s(at.file() + ":" + at.pos())));
            item.put(GROUP_STARTS, AttributeValue.fromM(starts));
        }
        var fence = ConditionCheck.builder().tableName(table).key(Attrs.key(lease.task(), DynamoLeaseStore.itemKey(lease.node())))
                .conditionExpression("#owner = :o AND #token = :t")
                .expressionAttributeNames(Map.of("#owner", DynamoLeaseStore.OWNER, "#token", DynamoLeaseStore.TOKEN))
                .expressionAttributeValues(Map.of(":o", s(lease.owner()), ":t", n(lease.token()))).build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().conditionCheck(fence).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build()));
        } catch (TransactionCanceledException cancelled) {
            boolean fenced = cancelled.cancellationReasons().stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
            if (fenced) {
                throw DynamoLeaseStore.lost(lease);
            }
            throw cancelled;
        }
    }

    /**
     * Removes everything a task recorded about where it is: both capture checkpoints, the initial
     * load's state and the copy's progress (items of the task other than its leases, which fence
     * whoever captures next). Returns how many items went. For {@code duplex task reset}.
     */
    public int clear(String task) {
        int removed = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#t = :t").expressionAttributeNames(Map.of("#t", TableSetup.TASK))
                    .expressionAttributeValues(Map.of(":t", s(task))).exclusiveStartKey(from));
            for (var item : page.items()) {
                String key = str(item, TableSetup.ITEM);
                if (!key.startsWith(DynamoLeaseStore.itemKey(""))) {
                    dynamo.deleteItem(b -> b.tableName(table).key(Attrs.key(task, key)));
                    removed++;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return removed;
    }

    static String rewindKey(Direction direction) {
        return "rewind#" + direction.code();
    }

    @Override
    public void requestRewind(RewindRequest r) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(r.task(), rewindKey(r.direction())));
        ResumePoint from = r.from();
        item.put("file", s(from.position().file()));
        item.put("pos", n(from.position().pos()));
        item.put("gtidSet", s(from.position().gtidSet()));
        item.put("seq", s(from.lastSeq().text()));
        item.put("chain", s(from.chain()));
        item.put("serverIdentity", s(from.source()));
        item.put("id", s(r.id()));
        item.put("requestedAtMillis", n(r.requestedAt().toEpochMilli()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<RewindRequest> rewindRequest(String task, Direction direction) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, rewindKey(direction))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        var position = new BinlogPosition(str(item, "file"), num(item, "pos"), str(item, "gtidSet"));
        var from = new ResumePoint(position, Seq.parse(str(item, "seq")), str(item, "chain"), str(item, "serverIdentity"));
        return Optional.of(new RewindRequest(task, direction, from, str(item, "id"),
                Instant.ofEpochMilli(num(item, "requestedAtMillis"))));
    }

    @Override
    public void clearRewind(RewindRequest adopted) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Attrs.key(adopted.task(), rewindKey(adopted.direction())))
                    .conditionExpression("#id = :id").expressionAttributeNames(Map.of("#id", "id"))
                    .expressionAttributeValues(Map.of(":id", s(adopted.id()))));
        } catch (ConditionalCheckFailedException replaced) {
            // A newer request replaced it: that one stays for the capture to adopt next.
        }
    }
}
