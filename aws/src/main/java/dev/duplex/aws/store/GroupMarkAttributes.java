package dev.duplex.aws.store;

import static dev.duplex.aws.store.Attrs.n;
import static dev.duplex.aws.store.Attrs.num;
import static dev.duplex.aws.store.Attrs.s;
import static dev.duplex.aws.store.Attrs.str;

import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.QueueNames;
import dev.duplex.core.store.GroupMark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * How each message group's mark sits in a direction's status item: the default group's attributes
 * without a suffix, as they always were, another group's with {@code #group}. A latency is stored
 * with the time it was measured, so the status can date it by the group that measured longest ago.
 */
final class GroupMarkAttributes {
    static final String SEQ = "lastAppliedSeq";
    static final String POSITION = "lastSourcePosition";
    private static final String LATENCY = "latencyMillis";
    private static final String LATENCY_AT = "latencyAtMillis";

    private GroupMarkAttributes() {
    }

    /**
     * Adds to an update what of a mark is known (no seq, or a latency of -1: the stored one stays):
     * its attributes end in {@code suffix}, its placeholders in {@code id}; {@code :at}, the write's
     * time, must be among {@code values}.
     */
    static void set(String suffix, GroupMark mark, String id, List<String> sets, Map<String, String> names,
                    Map<String, AttributeValue> values) {
        if (mark.lastAppliedSeq() != null) {
            names.put("#s" + id, SEQ + suffix);
            names.put("#p" + id, POSITION + suffix);
            values.put(":s" + id, s(mark.lastAppliedSeq()));
            values.put(":p" + id, s(mark.lastSourcePosition() == null ? "" : mark.lastSourcePosition()));
            sets.add("#s" + id + " = :s" + id);
            sets.add("#p" + id + " = :p" + id);
        }
        if (mark.latencyMillis() >= 0) {
            names.put("#l" + id, LATENCY + suffix);
            names.put("#m" + id, LATENCY_AT + suffix);
            values.put(":l" + id, n(mark.latencyMillis()));
            sets.add("#l" + id + " = :l" + id);
            sets.add("#m" + id + " = :at");
        }
    }

    /**
     * Every group's mark in the item, by group; a latency stored without its time (by an older
     * version) is dated {@code updatedAt}, the item's last progress write.
     */
    static Map<String, GroupMark> read(Map<String, AttributeValue> item, Direction direction, long updatedAt) {
        Map<String, GroupMark> marks = new LinkedHashMap<>();
        marks.put(QueueNames.defaultGroup(direction), mark(item, "", str(item, POSITION), updatedAt));
        for (String name : item.keySet()) {
            if (name.startsWith(POSITION + "#")) {
                String suffix = name.substring(POSITION.length());
                marks.put(suffix.substring(1), mark(item, suffix, str(item, name), updatedAt));
            }
        }
        return marks;
    }

    private static GroupMark mark(Map<String, AttributeValue> item, String suffix, String position, long updatedAt) {
        return new GroupMark(str(item, SEQ + suffix), position, num(item, LATENCY + suffix, -1),
                num(item, LATENCY_AT + suffix, updatedAt));
    }

    /** DynamoDB's 400 KB item limit said in the user's terms, or {@code e} itself when it is another error. */
    static RuntimeException itemFull(String task, Direction direction, DynamoDbException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.contains("Item size") || !message.contains("exceeded the maximum allowed size")) {
            return e;
        }
        return new FatalException("the status item of task " + task + " direction " + direction.code()
                + " cannot take more message groups' marks: it reached DynamoDB's 400 KB item limit (about 250"
                + " bytes a group, some 1,500 tables per direction under partitioning: table). The direction's"
                + " status and metrics are not written from here on. Fix: select fewer tables, or use"
                + " partitioning: transaction (duplex task reset " + task + " --yes, then start the task again)", e);
    }
}
