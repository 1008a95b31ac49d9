package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.testing.Configs;
import dev.duplex.core.filter.Dialect;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritableChunkTest {
    private static final SnapshotTable CUSTOMERS = ShopTables.CUSTOMERS;

    private static List<Value> row(int id, String region) {
        return List.of(new Value.Int(id), new Value.Text("n\t" + id), new Value.Text("e" + id), new Value.Text(region));
    }

    private static Chunk chunk(List<List<Value>> rows) {
        return new Chunk(CUSTOMERS, rows, List.of(new Value.Int(9)), true);
    }

    private static ChunkSelection selection() {
        return new ChunkSelection(Configs.shop(), Direction.A2B, Dialect.MARIADB);
    }

    @Test
    void shouldHandTheWritersTheSelectedRowsAsOneLoadDataStreamAndNoRows() throws IOException {
        Chunk chunk = chunk(List.of(row(1, "EU"), row(2, "US"), row(3, "EU")));
        WritableChunk w = WritableChunk.of(chunk, selection(), true);
        List<RowChange> selected = selection().inserts(chunk);
        LoadDataRows expected = LoadDataRows.of(selected);
        assertEquals(3, w.read(), "node b's progress counts the rows read");
        assertEquals(2, w.count(), "the WHERE filter keeps region EU");
        assertTrue(w.inserts().isEmpty(), "no row objects wait in the queue");
        assertNotNull(w.file());
        assertEquals(expected.statement(), w.file().statement());
        assertTrue(w.file().statement().contains("`crm_eu`.`clients`"), w.file().statement());
        assertArrayEquals(expected.stream().readAllBytes(), w.file().stream().readAllBytes());
        assertArrayEquals(w.file().stream().readAllBytes(), w.file().stream().readAllBytes(),
                "a chunk written again after a lock wait streams the same bytes");
        assertEquals(List.of(new Value.Int(9)), w.lastKey());
        assertTrue(w.last());
    }

    @Test
    void shouldKeepTheSelectedRowsWhenNodeBTakesNoLoadData() {
        WritableChunk w = WritableChunk.of(chunk(List.of(row(1, "EU"), row(2, "US"))), selection(), false);
        assertNull(w.file());
        assertEquals(1, w.count());
        assertEquals(List.of(1L), w.inserts().stream().map(r -> ((Value.Int) r.after().get(0)).value()).toList());
    }

    @Test
    void shouldEncodeNothingWhenTheFilterDropsEveryRow() {
        WritableChunk w = WritableChunk.of(chunk(List.of(row(2, "US"))), selection(), true);
        assertNull(w.file());
        assertEquals(0, w.count());
        assertEquals(1, w.read());
    }
}
