package dev.duplex.apply;

import dev.duplex.apply.MessageApplier.Decoded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An event's messages split by FIFO message group, each group in the event's order, the groups in
 * the order they first appear. SQS orders a FIFO queue within a group only, so one group's failure
 * must hold back that group's later messages and nothing else.
 */
final class MessageGroups {
    /** The attribute Lambda (and the local poller) sets on a FIFO message. */
    static final String GROUP_ATTRIBUTE = "MessageGroupId";

    private MessageGroups() {}

    static List<List<Decoded>> split(List<Decoded> decoded) {
        Map<String, List<Decoded>> groups = new LinkedHashMap<>();
        for (Decoded d : decoded) {
            groups.computeIfAbsent(groupOf(d), g -> new ArrayList<>()).add(d);
        }
        return List.copyOf(groups.values());
    }

    /**
     * The queue's word for the group, else the batch's own (an event built without attributes),
     * else one shared group: an undecodable message without attributes stops the task anyway.
     */
    static String groupOf(Decoded d) {
        var attributes = d.message().getAttributes();
        String group = attributes == null ? null : attributes.get(GROUP_ATTRIBUTE);
        if (group != null) {
            return group;
        }
        return d.batch() == null ? "" : d.batch().group();
    }
}
