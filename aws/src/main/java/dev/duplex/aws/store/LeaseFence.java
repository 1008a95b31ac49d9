package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.s;

import dev.duplex.core.store.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Puts items in one DynamoDB transaction together with a condition check on a lease item (in the
 * same table), so only the lease's current holder can write them.
 */
final class LeaseFence {
    /** DynamoDB allows 100 items per transaction; one is the lease check. */
    static final int MAX_PUTS = 99;

    private LeaseFence() {}

    static void put(DynamoDbClient dynamo, String table, Lease lease, List<Map<String, AttributeValue>> items) {
        if (items.size() > MAX_PUTS) {
            throw new IllegalArgumentException("at most " + MAX_PUTS + " items per fenced write, got " + items.size());
        }
        var fence = ConditionCheck.builder().tableName(table)
                .key(Attrs.key(lease.task(), DynamoLeaseStore.itemKey(lease.node())))
                .conditionExpression("#owner = :o AND #token = :t")
                .expressionAttributeNames(Map.of("#owner", DynamoLeaseStore.OWNER, "#token", DynamoLeaseStore.TOKEN))
                .expressionAttributeValues(Map.of(":o", s(lease.owner()), ":t", n(lease.token()))).build();
        List<TransactWriteItem> writes = new ArrayList<>(items.size() + 1);
        writes.add(TransactWriteItem.builder().conditionCheck(fence).build());
        for (Map<String, AttributeValue> item : items) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
        }
        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException cancelled) {
            boolean fenced = !cancelled.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code());
            if (fenced) {
                throw DynamoLeaseStore.lost(lease);
            }
            throw cancelled;
        }
    }
}
