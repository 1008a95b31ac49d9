package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.config.Coded;
import dev.duplex.core.config.FullSyncRoute;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The initial load in the checkpoints table (where node a's lease lives, so writes can be fenced
 * by it): {@code (task, "snapshot#state")} and one {@code (task, "snapshot#table#<db>.<table>")}
 * per table, with the names also as attributes (the item key only has to be unique).
 */
public final class DynamoSnapshotStore implements SnapshotStore {
    static final String STATE = "snapshot#state";
    static final String TABLE_PREFIX = "snapshot#table#";
    /** The lease that fences copy progress: full sync runs in the forward capture, which reads node a. */
    private static final String COPYING_NODE = "a";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSnapshotStore(DynamoDbClient dynamo, StoreTables tables) {
        this.dynamo = dynamo;
        this.table = tables.checkpoints();
    }

    /** Length-prefixed so that no two (database, table) pairs share a key, whatever characters they hold. */
    static String tableItem(String database, String tableName) {
        return TABLE_PREFIX + database.length() + ":" + database + "." + tableName;
    }

    @Override
    public Optional<SnapshotState> state(String task) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, STATE)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotState(task, flag(item, "schemaStarted"), flag(item, "schemaDone"),
                position(item, "start"), position(item, "reverseStart"), position(item, "end"), num(item, "nextChunk"),
                flag(item, "completed"), route(item), Instant.ofEpochMilli(num(item, "updatedAtMillis"))));
    }

    @Override
    public void save(SnapshotState state) {
        dynamo.putItem(b -> b.tableName(table).item(stateItem(state)));
    }

    @Override
    public void save(SnapshotState state, Lease lease) {
        requireCopyLease(state.task(), lease);
        LeaseFence.put(dynamo, table, lease, List.of(stateItem(state)));
    }

    @Override
    public List<TableProgress> tables(String task) {
        List<TableProgress> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var response = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#t = :t AND begins_with(#i, :p)")
                    .expressionAttributeNames(Map.of("#t", TableSetup.TASK, "#i", TableSetup.ITEM))
                    .expressionAttributeValues(Map.of(":t", s(task), ":p", s(TABLE_PREFIX)))
                    .exclusiveStartKey(from));
            response.items().forEach(i -> out.add(progress(task, i)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public void save(List<TableProgress> progress, Lease lease) {
        for (int from = 0; from < progress.size(); from += LeaseFence.MAX_PUTS) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (TableProgress p : progress.subList(from, Math.min(progress.size(), from + LeaseFence.MAX_PUTS))) {
                requireCopyLease(p.task(), lease);
                items.add(progressItem(p));
            }
            LeaseFence.put(dynamo, table, lease, items);
        }
    }

    private static void requireCopyLease(String task, Lease lease) {
        if (!lease.task().equals(task) || !COPYING_NODE.equals(lease.node())) {
            throw new IllegalArgumentException("lease " + lease.task() + "/" + lease.node()
                    + " does not cover the full sync of task " + task + " (node a's capture copies)");
        }
    }

    private static Map<String, AttributeValue> stateItem(SnapshotState st) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(st.task(), STATE));
        item.put("schemaStarted", AttributeValue.fromBool(st.schemaStarted()));
        item.put("schemaDone", AttributeValue.fromBool(st.schemaDone()));
        putPosition(item, "start", st.startPos());
        putPosition(item, "reverseStart", st.reverseStartPos());
        putPosition(item, "end", st.endPos());
        item.put("nextChunk", n(st.nextChunk()));
        item.put("completed", AttributeValue.fromBool(st.completed()));
        if (st.route() != null) {
            item.put("route", s(st.route().code()));
        }
        item.put("updatedAtMillis", n(st.updatedAt().toEpochMilli()));
        return item;
    }

    /** The recorded route, null when none is (a state from before routes were recorded, or a copy not begun). */
    private static FullSyncRoute route(Map<String, AttributeValue> item) {
        AttributeValue v = item.get("route");
        if (v == null) {
            return null;
        }
        return Coded.parse(FullSyncRoute.class, v.s()).orElseThrow(() -> new IllegalStateException("snapshot state of the task holds an unknown full sync route '" + v.s()
                + "': written by a newer Duplex?"));
    }

    private static Map<String, AttributeValue> progressItem(TableProgress p) {
        Map<String, AttributeValue> item = new HashMap<>(Attrs.key(p.task(), tableItem(p.database(), p.table())));
        item.put("database", s(p.database()));
        item.put("table", s(p.table()));
        item.put("estimatedRows", n(p.estimatedRows()));
        item.put("rowsDone", n(p.rowsDone()));
        item.put("lastKey", s(p.lastKey()));
        item.put("done", AttributeValue.fromBool(p.done()));
        item.put("batches", n(p.batches()));
        item.put("updatedAtMillis", n(p.updatedAt().toEpochMilli()));
        return item;
    }

    private static TableProgress progress(String task, Map<String, AttributeValue> item) {
        return new TableProgress(task, str(item, "database"), str(item, "table"), num(item, "estimatedRows"),
                num(item, "rowsDone"), str(item, "lastKey"), flag(item, "done"), num(item, "batches"),
                Instant.ofEpochMilli(num(item, "updatedAtMillis")));
    }

    private static void putPosition(Map<String, AttributeValue> item, String prefix, BinlogPosition p) {
        if (p != null) {
            item.put(prefix + "File", s(p.file()));
            item.put(prefix + "Pos", n(p.pos()));
            item.put(prefix + "Gtid", s(p.gtidSet()));
        }
    }

    private static BinlogPosition position(Map<String, AttributeValue> item, String prefix) {
        return item.containsKey(prefix + "File")
                ? new BinlogPosition(str(item, prefix + "File"), num(item, prefix + "Pos"), str(item, prefix + "Gtid"))
                : null;
    }

    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }
}
