package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.s;

import dev.duplex.core.store.RemovedColumn;
import dev.duplex.core.store.RemovedColumnStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item per table in the status table, {@code (task, "columns#<length of db>#<db>#<table>")}
 * (the length keeps any database and table name apart), with one attribute per removed column:
 * {@code "c#<lower-case name>"} holding {@code {name, renamedTo}}. One DDL is one UpdateItem, so
 * a reader sees a statement's effect whole. Both apply functions already write status items of
 * their task; the reverse one reads these (GetItem on the status table).
 */
public final class DynamoRemovedColumnStore implements RemovedColumnStore {
    private static final String PREFIX = "columns#";
    private static final String COLUMN = "c#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRemovedColumnStore(DynamoDbClient dynamo,
                                    StoreTables tables) {
        this.dynamo = dynamo;
        this.table = tables.status();
    }

    static String itemKey(String database, String table) {
        return PREFIX + database.length() + "#" + database + "#" + table;
    }

    @Override
    public void update(String task, String database, String tableName, Collection<RemovedColumn> removed,
                       Collection<String> readded) {
        Map<String, RemovedColumn> set = new LinkedHashMap<>();
        removed.forEach(r -> set.put(key(r.name()), r));
        List<String> remove = readded.stream().map(DynamoRemovedColumnStore::key).filter(k -> !set.containsKey(k))
                .distinct().toList();
        if (set.isEmpty() && remove.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder expression = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, RemovedColumn> e : set.entrySet()) {
            names.put("#a" + i, COLUMN + e.getKey());
            values.put(":v" + i, AttributeValue.fromM(Map.of("name", s(e.getValue().name()),
                    "renamedTo", s(e.getValue().renamedTo()))));
            expression.append(i == 0 ? "SET " : ", ").append("#a").append(i).append(" = :v").append(i);
            i++;
        }
        for (int j = 0; j < remove.size(); j++, i++) {
            names.put("#a" + i, COLUMN + remove.get(j));
            expression.append(j == 0 ? " REMOVE " : ", ").append("#a").append(i);
        }
        dynamo.updateItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(database, tableName)))
                .updateExpression(expression.toString().trim()).expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values));
    }

    @Override
    public Map<String, RemovedColumn> removed(String task, String database, String tableName) {
        var item = dynamo.getItem(b -> b.tableName(table).key(Attrs.key(task, itemKey(database, tableName)))
                .consistentRead(true)).item();
        Map<String, RemovedColumn> out = new HashMap<>();
        if (item == null) {
            return out;
        }
        item.forEach((name, value) -> {
            if (name.startsWith(COLUMN) && value.hasM()) {
                out.put(name.substring(COLUMN.length()), new RemovedColumn(Attrs.str(value.m(), "name"),
                        Attrs.str(value.m(), "renamedTo")));
            }
        });
        return out;
    }

    private static String key(String column) {
        return column.toLowerCase(Locale.ROOT);
    }
}
