package dev.duplex.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Message group names of partitioning: table, as SQS and the apply checkpoint's column take them. */
class QueueNamesTest {
    /** SQS: 1 to 128 alphanumeric or punctuation characters; the checkpoint's grp column: 64. */
    private static final Pattern SQS_GROUP = Pattern.compile("[\\x21-\\x7e]{1,64}");

    @Test
    void shouldNamePlainTablesReadably() {
        assertEquals("a2b.shop.orders", QueueNames.tableGroup(Direction.A2B, "shop", "orders"));
        assertEquals("b2a.shop.order_items_2", QueueNames.tableGroup(Direction.B2A, "shop", "order_items_2"));
    }

    @Test
    void shouldHashNamesThatDifferOnlyInCaseOrThatSqsWouldRefuse() {
        String upper = QueueNames.tableGroup(Direction.A2B, "shop", "Orders");
        String lower = QueueNames.tableGroup(Direction.A2B, "shop", "orders");
        assertNotEquals(lower.toLowerCase(), upper.toLowerCase(), "the checkpoint column ignores case");
        for (String table : new String[] {"Orders", "order lines", "заказы", "t".repeat(64)}) {
            String group = QueueNames.tableGroup(Direction.A2B, "shop", table);
            assertTrue(SQS_GROUP.matcher(group).matches(), group);
            assertTrue(group.startsWith("a2b.#"), group);
        }
        assertNotEquals(QueueNames.tableGroup(Direction.A2B, "a.b", "c"), QueueNames.tableGroup(Direction.A2B, "a", "b.c"));
    }
}
