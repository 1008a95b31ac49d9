package dev.duplex.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.RemovedColumn;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.sandbox.AwsEndpoints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The columns forward DDL removed, against a real DynamoDB, beside the status items they share a table with. */
class DynamoRemovedColumnStoreIT {
    private static AwsEndpoints aws;
    private static StoreTables tables;

    @BeforeAll
    static void startDynamo() {
        aws = AwsEndpoints.forTests();
        tables = StoreTables.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableSetup.createIfMissing(aws.dynamo(), tables);
    }

    @AfterAll
    static void stopDynamo() {
        aws.close();
    }

    @Test
    void shouldKeepTheLatestFateOfEachNameAndForgetNamesAddedAgain() {
        var store = new DynamoRemovedColumnStore(aws.dynamo(), tables);
        String task = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertTrue(store.removed(task, "shop", "items").isEmpty());
        store.update(task, "shop", "items", List.of(RemovedColumn.renamed("Price", "amount"),
                RemovedColumn.dropped("sku")), List.of("amount"));
        assertEquals(Map.of("price", RemovedColumn.renamed("Price", "amount"), "sku", RemovedColumn.dropped("sku")),
                store.removed(task, "shop", "items"));
        store.update(task, "shop", "items", List.of(RemovedColumn.dropped("amount")), List.of("SKU", "never-removed"));
        assertEquals(Map.of("price", RemovedColumn.renamed("Price", "amount"), "amount", RemovedColumn.dropped("amount")),
                store.removed(task, "shop", "items"));
    }

    @Test
    void shouldKeepTablesWhoseNamesRunTogetherApartAndLeaveTheStatusAlone() {
        var store = new DynamoRemovedColumnStore(aws.dynamo(), tables);
        String task = "t-" + UUID.randomUUID().toString().substring(0, 8);
        store.update(task, "a#b", "c", List.of(RemovedColumn.dropped("x")), List.of());
        store.update(task, "a", "b#c", List.of(RemovedColumn.dropped("y")), List.of());
        assertEquals(Map.of("x", RemovedColumn.dropped("x")), store.removed(task, "a#b", "c"));
        assertEquals(Map.of("y", RemovedColumn.dropped("y")), store.removed(task, "a", "b#c"));
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        status.appendLog(new TaskLogEntry(task, "a2b", "ERROR", "a line", Instant.now()));
        assertEquals(1, status.log(task, 10).size(), "the task log lists only its own items");
    }
}
