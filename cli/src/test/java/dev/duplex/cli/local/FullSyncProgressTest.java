package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.store.TableProgress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FullSyncProgressTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static TableProgress table(String name, long estimated, long done, boolean finished) {
        return new TableProgress("t", "db", name, estimated, done, "", finished, 1, NOW);
    }

    @Test
    void shouldShowTablesRowsAndABarOverEveryTable() {
        FullSyncProgress p = FullSyncProgress.of(List.of(table("a", 100_000, 100_000, true),
                table("b", 300_000, 50_000, false))).orElseThrow();
        assertEquals(new FullSyncProgress(2, 1, 150_000, 400_000), p);
        assertEquals("full sync [########------------]  37%  1/2 tables  150,000 of ~400,000 rows", p.line());
    }

    @Test
    void shouldNeverShowAFullBarBeforeEveryTableIsDoneEvenWhenTheEstimateWasLow() {
        FullSyncProgress p = FullSyncProgress.of(List.of(table("a", 10, 500, false))).orElseThrow();
        assertEquals(0.99, p.fraction());
        FullSyncProgress done = FullSyncProgress.of(List.of(table("a", 10, 500, true))).orElseThrow();
        assertEquals("[##########]", done.bar(10));
        assertTrue(FullSyncProgress.of(List.of()).isEmpty());
    }
}
