package dev.duplex.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.ConflictRecord.Truncated;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemFitTest {

    @Test
    void shouldCutAtACharacterBoundary() {
        byte[] smiles = "\uD83D\uDE00\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 2 x 4 bytes
        assertEquals("\uD83D\uDE00", ItemFit.prefix(smiles, 7));
        assertEquals("\uD83D\uDE00", ItemFit.prefix(smiles, 4));
        assertEquals("", ItemFit.prefix(smiles, 3));
        assertEquals("\uD83D\uDE00\uD83D\uDE00", ItemFit.prefix(smiles, 100));
    }

    @Test
    void shouldKeepSmallValuesWholeAndShareTheRestAmongTheLargeOnes() {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("task", AttributeValue.fromS("t"),
                "small", AttributeValue.fromS("x".repeat(100)), "big", AttributeValue.fromS("y".repeat(5000)),
                "bigger", AttributeValue.fromS("z".repeat(9000))));
        List<Truncated> cuts = ItemFit.fit(item, List.of("small", "big", "bigger"), 2000);
        assertEquals("x".repeat(100), item.get("small").s());
        assertEquals(List.of("big", "bigger"), cuts.stream().map(Truncated::field).sorted().toList());
        long total = item.entrySet().stream().mapToLong(e -> e.getKey().length()
                + (e.getValue().s() != null ? e.getValue().s().length() : 21)).sum();
        assertTrue(total <= 2000, "item of " + total + " bytes");
        assertEquals(5000, Long.parseLong(item.get("bigBytes").n()));
        assertEquals(ItemFit.sha256("z".repeat(9000).getBytes(StandardCharsets.UTF_8)), item.get("biggerSha256").s());
        assertEquals(cuts.stream().sorted((a, b) -> a.field().compareTo(b.field())).toList(),
                ItemFit.read(item, List.of("big", "bigger", "small")));
    }
}
