package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Leases as items {@code (task, "lease#<node>")} in the checkpoints table. Every change of
 * holder goes through a conditional write on the previous token, so two contenders can never
 * both win, and the token only grows.
 */
public final class DynamoLeaseStore implements LeaseStore {
    static final String OWNER = "owner";
    static final String TOKEN = "token";
    static final String EXPIRES = "expiresAtMillis";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoLeaseStore(DynamoDbClient dynamo, StoreTables tables, Clock clock) {
        this.dynamo = dynamo;
        this.table = tables.checkpoints();
        this.clock = clock;
    }

    static String itemKey(String node) {
        return "lease#" + node;
    }

    @Override
    public Optional<Lease> tryAcquire(String task, String node, String owner, Duration ttl) {
        Instant now = clock.instant();
        Optional<Lease> held = current(task, node);
        if (held.isPresent() && !held.get().owner().equals(owner) && held.get().expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        long token = held.map(l -> l.owner().equals(owner) ? l.token() : l.token() + 1).orElse(1L);
        Lease next = new Lease(task, node, owner, token, now.plus(ttl));
        try {
            if (held.isEmpty()) {
                put(next, "attribute_not_exists(#task)", Map.of("#task", TableSetup.TASK), Map.of());
            } else {
                put(next, "#token = :t AND #exp = :e", Map.of("#token", TOKEN, "#exp", EXPIRES),
                        Map.of(":t", n(held.get().token()), ":e", n(held.get().expiresAt().toEpochMilli())));
            }
            return Optional.of(next);
        } catch (ConditionalCheckFailedException raced) {
            return Optional.empty();
        }
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        Lease next = new Lease(lease.task(), lease.node(), lease.owner(), lease.token(), clock.instant().plus(ttl));
        try {
            put(next, "#owner = :o AND #token = :t", Map.of("#owner", OWNER, "#token", TOKEN),
                    Map.of(":o", s(lease.owner()), ":t", n(lease.token())));
            return next;
        } catch (ConditionalCheckFailedException lost) {
            throw lost(lease);
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(Attrs.key(lease.task(), itemKey(lease.node())))
                    .conditionExpression("#owner = :o AND #token = :t")
                    .expressionAttributeNames(Map.of("#owner", OWNER, "#token", TOKEN))
                    .expressionAttributeValues(Map.of(":o", s(lease.owner()), ":t", n(lease.token()))));
        } catch (ConditionalCheckFailedException alreadyLost) {
            // Someone else holds it now; there is nothing of ours to give up.
        }
    }

    @Override
    public boolean expire(Lease lease) {
        Lease ended = new Lease(lease.task(), lease.node(), lease.owner(), lease.token(), clock.instant().minusMillis(1));
        try {
            put(ended, "#owner = :o AND #token = :t AND #exp = :e", Map.of("#owner", OWNER, "#token", TOKEN,
                    "#exp", EXPIRES), Map.of(":o", s(lease.owner()), ":t", n(lease.token()),
                    ":e", n(lease.expiresAt().toEpochMilli())));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    @Override
    public Optional<Lease> current(String task, String node) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(node))).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Lease(task, node, str(item, OWNER), num(item, TOKEN),
                Instant.ofEpochMilli(num(item, EXPIRES))));
    }

    static LeaseLostException lost(Lease lease) {
        return new LeaseLostException("capture lease for task '" + lease.task() + "' node '" + lease.node()
                + "' (token " + lease.token() + ") is no longer held by " + lease.owner()
                + ": another capture took over; this one stops publishing");
    }

    private void put(Lease lease, String condition, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(lease.task(), itemKey(lease.node())));
        item.put(OWNER, s(lease.owner()));
        item.put(TOKEN, n(lease.token()));
        item.put(EXPIRES, n(lease.expiresAt().toEpochMilli()));
        dynamo.putItem(b -> {
            b.tableName(table).item(item).conditionExpression(condition).expressionAttributeNames(names);
            if (!values.isEmpty()) {
                b.expressionAttributeValues(values);
            }
        });
    }
}
