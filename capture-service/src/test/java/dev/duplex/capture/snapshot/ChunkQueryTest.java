package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.decode.TextCharset;
import dev.duplex.core.model.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkQueryTest {
    private static SourceColumn col(String name, ReadKind kind) {
        return new SourceColumn(name, kind, kind == ReadKind.TEXT ? TextCharset.UTF8MB4 : TextCharset.BINARY, 0, false);
    }

    private static final SnapshotTable ORDERS = new SnapshotTable("shop", "order items",
            List.of(col("shop_id", ReadKind.SIGNED), col("line", ReadKind.UNSIGNED), col("note", ReadKind.TEXT),
                    col("at", ReadKind.DATETIME), col("state", ReadKind.ENUM)),
            List.of("shop_id", "line"), 100);

    @Test
    void shouldReadTheFirstChunkInKeyOrderWithExactExpressions() {
        assertEquals("SELECT `shop_id`, `line`, CAST(`note` AS BINARY), CAST(`at` AS CHAR), `state` "
                + "FROM `shop`.`order items` ORDER BY `shop_id`, `line` LIMIT 500", ChunkQuery.first(ORDERS, 500));
    }

    @Test
    void shouldReadLaterChunksAfterTheLastKeyWithAnIndexRangeOnACompositeKey() {
        assertEquals("SELECT `shop_id`, `line`, CAST(`note` AS BINARY), CAST(`at` AS CHAR), `state` "
                + "FROM `shop`.`order items` WHERE `shop_id` > ? OR (`shop_id` = ? AND `line` > ?) "
                + "ORDER BY `shop_id`, `line` LIMIT 500", ChunkQuery.after(ORDERS, 500));
        List<Value> key = List.of(new Value.Int(7), new Value.UInt(3));
        assertEquals(List.of(new Value.Int(7), new Value.Int(7), new Value.UInt(3)), ChunkQuery.parameters(key));
    }

    @Test
    void shouldOrderAndCompareEnumKeysByTheirLabel() {
        SnapshotTable byState = new SnapshotTable("shop", "s", List.of(col("state", ReadKind.ENUM)), List.of("state"), 3);
        assertEquals("SELECT `state` FROM `shop`.`s` WHERE CAST(`state` AS CHAR) > ? ORDER BY CAST(`state` AS CHAR) "
                + "LIMIT 10", ChunkQuery.after(byState, 10));
    }
}
