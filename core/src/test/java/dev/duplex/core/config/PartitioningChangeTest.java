package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A started task keeps its partitioning; a task not started yet may take another. */
class PartitioningChangeTest {
    private static final String BY_TRANSACTION = VALID.replace("  ddl: true\n", "  ddl: false\n");
    private static final String BY_TABLE = BY_TRANSACTION + "partitioning: table\n";

    @Test
    void shouldRefuseAnotherPartitioningForAStartedTask() {
        Optional<String> why = PartitioningChange.refusal(BY_TRANSACTION, true, ConfigTestSupport.parse(BY_TABLE));
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("duplex task reset shop-sync --yes"), why.get());
        assertTrue(PartitioningChange.refusal(BY_TABLE, true, ConfigTestSupport.parse(BY_TRANSACTION)).isPresent());
    }

    @Test
    void shouldTakeTheSamePartitioningOrATaskNotStarted() {
        assertEquals(Optional.empty(), PartitioningChange.refusal(BY_TABLE, true, ConfigTestSupport.parse(BY_TABLE)));
        assertEquals(Optional.empty(),
                PartitioningChange.refusal(BY_TRANSACTION, false, ConfigTestSupport.parse(BY_TABLE)));
    }
}
