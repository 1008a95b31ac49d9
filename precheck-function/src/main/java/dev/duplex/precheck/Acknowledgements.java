package dev.duplex.precheck;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Item ids the user accepts. An id matches itself; an id ending in {@code .*} matches every
 * item below it ({@code triggers.b.*} covers {@code triggers.b.shop.orders}).
 */
public final class Acknowledgements {

    private final Set<String> ids;

    public Acknowledgements(Collection<String> ids) {
        this.ids = new LinkedHashSet<>();
        ids.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(this.ids::add);
    }

    public static Acknowledgements none() {
        return new Acknowledgements(List.of());
    }

    public boolean covers(String itemId) {
        return ids.stream().anyMatch(ack -> matches(ack, itemId));
    }

    /** Acknowledged ids that match no item of {@code items}: usually a typo or a fixed issue. */
    public List<String> unmatched(Collection<CheckItem> items) {
        return ids.stream().filter(ack -> items.stream().noneMatch(i -> matches(ack, i.id()))).toList();
    }

    private static boolean matches(String ack, String itemId) {
        if (ack.endsWith(".*")) {
            return itemId.startsWith(ack.substring(0, ack.length() - 1));
        }
        return ack.equals(itemId);
    }
}
