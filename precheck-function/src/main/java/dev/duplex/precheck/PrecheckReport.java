package dev.duplex.precheck;

import java.util.List;
import java.util.Objects;

/**
 * The result of a precheck. {@code passed} is true when no item blocks the start: nothing
 * failed and every warning was acknowledged.
 *
 * @param unmatchedAcknowledgements acknowledged ids that matched no item (a typo, or fixed since)
 */
public record PrecheckReport(String task, boolean passed, List<CheckItem> items,
                             List<String> unmatchedAcknowledgements) {

    public PrecheckReport {
        Objects.requireNonNull(task, "task");
        items = List.copyOf(items);
        unmatchedAcknowledgements = unmatchedAcknowledgements == null ? List.of()
                : List.copyOf(unmatchedAcknowledgements);
        if (passed != items.stream().noneMatch(CheckItem::blocks)) {
            throw new IllegalArgumentException("passed must say whether no item blocks");
        }
    }

    /** Marks acknowledged items and decides whether the precheck passed. */
    public static PrecheckReport of(String task, List<CheckItem> items, Acknowledgements acks) {
        List<CheckItem> marked = items.stream().map(i -> i.acknowledge(acks.covers(i.id()))).toList();
        boolean passed = marked.stream().noneMatch(CheckItem::blocks);
        return new PrecheckReport(task, passed, marked, acks.unmatched(marked));
    }

    /** The items that keep the task from starting. */
    public List<CheckItem> blocking() {
        return items.stream().filter(CheckItem::blocks).toList();
    }

    /** The item with {@code id}, or null. */
    public CheckItem item(String id) {
        return items.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    public long count(Status status) {
        return items.stream().filter(i -> i.status() == status).count();
    }
}
