package dev.duplex.apply.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.RetriableException;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.RemovedColumn;
import dev.duplex.core.store.RemovedColumnStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardDdlColumnsTest {

    /** The store's contract in memory (the DynamoDB one is tested in core's DynamoRemovedColumnStoreIT). */
    private static final class MemoryStore implements RemovedColumnStore {
        final Map<String, Map<String, RemovedColumn>> tables = new HashMap<>();

        @Override
        public void update(String task, String database, String table, Collection<RemovedColumn> removed,
                           Collection<String> readded) {
            Map<String, RemovedColumn> t = tables.computeIfAbsent(database + "." + table, k -> new HashMap<>());
            readded.forEach(n -> t.remove(n.toLowerCase(Locale.ROOT)));
            removed.forEach(r -> t.put(r.name().toLowerCase(Locale.ROOT), r));
        }

        @Override
        public Map<String, RemovedColumn> removed(String task, String database, String table) {
            return Map.copyOf(tables.getOrDefault(database + "." + table, Map.of()));
        }
    }

    private static TaskConfig config(String ddl, String objects) {
        return TaskConfigLoader.parse("""
                task: t1
                nodes:
                  a: {host: 127.0.0.1, port: 3306, user: u, password: "env:P", tls: disabled}
                  b: {host: 127.0.0.2, port: 3306, user: u, password: "env:P", tls: disabled}
                sync:
                  types: [incremental]
                  ddl: %s
                objects:
                %s
                """.formatted(ddl, objects.indent(2)));
    }

    @Test
    void shouldRecordUnderNodeAsNamesWhatEachAlterDoesToColumnNames() {
        MemoryStore store = new MemoryStore();
        TaskConfig cfg = config("true", "- database: shop\n  renameTo: shop_b\n  tables:\n"
                + "    - {name: items, renameTo: items_b}");
        ForwardDdlColumns forward = new ForwardDdlColumns(store, "t1", Direction.A2B, () -> cfg);
        forward.record(new DdlChange("shop_b", "ALTER TABLE items_b RENAME COLUMN price TO amount, DROP sku"));
        assertEquals(Map.of("price", RemovedColumn.renamed("price", "amount"), "sku", RemovedColumn.dropped("sku")),
                store.removed("t1", "shop", "items"));
        forward.record(new DdlChange("", "ALTER TABLE shop_b.items_b ADD COLUMN sku INT, CHANGE amount price2 INT"));
        assertEquals(Map.of("price", RemovedColumn.renamed("price", "amount"),
                        "amount", RemovedColumn.renamed("amount", "price2")), store.removed("t1", "shop", "items"),
                "sku is there again: its record goes; the renames chain");
        forward.record(new DdlChange("shop_b", "ALTER TABLE items_b RENAME COLUMN x TO y, RENAME COLUMN y TO x"));
        assertEquals(RemovedColumn.renamed("y", "x"), store.removed("t1", "shop", "items").get("y"));
        assertTrue(!store.removed("t1", "shop", "items").containsKey("x"), "x exists again after the swap");
    }

    @Test
    void shouldRecordNothingGoingBackwardsOrForStatementsThatKeepColumnNames() {
        MemoryStore store = new MemoryStore();
        TaskConfig cfg = config("true", "- database: shop");
        new ForwardDdlColumns(store, "t1", Direction.B2A, () -> cfg).record(new DdlChange("shop", "ALTER TABLE t DROP x"));
        ForwardDdlColumns forward = new ForwardDdlColumns(store, "t1", Direction.A2B, () -> cfg);
        forward.record(new DdlChange("shop", "ALTER TABLE t ADD INDEX (x), MODIFY y BIGINT"));
        forward.record(new DdlChange("shop", "CREATE TABLE u (x INT)"));
        forward.record(new DdlChange("", "ALTER TABLE t DROP x"));
        assertTrue(store.tables.isEmpty(), store.tables.toString());
    }

    @Test
    void shouldWaitForTheForwardDdlOrStopWithoutIt() {
        RowChange row = RowChange.insert("shop", "t", List.of("id", "x"), List.of("id"),
                List.of(new Value.Int(1), new Value.Int(2)));
        MemoryStore store = new MemoryStore();
        RuntimeException waits = new ForwardDdlColumns(store, "t1", Direction.B2A,
                () -> config("true", "- database: shop")).unresolved(row, List.of("x"));
        assertInstanceOf(RetriableException.class, waits);
        assertTrue(waits.getMessage().contains("waiting for direction a2b to apply the DDL"), waits.getMessage());
        RuntimeException stops = new ForwardDdlColumns(store, "t1", Direction.B2A,
                () -> config("false", "- database: shop")).unresolved(row, List.of("x"));
        assertInstanceOf(FatalException.class, stops);
        assertTrue(stops.getMessage().contains("sync.ddl is false"), stops.getMessage());
    }
}
