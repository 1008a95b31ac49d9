package dev.duplex.aws.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small helpers to read and write DynamoDB attribute maps without repeating null checks. */
final class Attrs {
    private Attrs() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    /** A numeric attribute, or {@code absent} when the item lacks it. */
    static long num(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? absent : Long.parseLong(v.n());
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalStateException("stored item lacks numeric attribute '" + name + "': " + item.keySet());
        }
        return Long.parseLong(v.n());
    }

    static Map<String, AttributeValue> key(String task, String item) {
        return Map.of(TableSetup.TASK, s(task), TableSetup.ITEM, s(item));
    }
}
