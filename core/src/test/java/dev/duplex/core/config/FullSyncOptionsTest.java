package dev.duplex.core.config;

import static dev.duplex.core.config.ConfigTestSupport.VALID;
import static dev.duplex.core.config.ConfigTestSupport.assertOnlyProblem;
import static dev.duplex.core.config.ConfigTestSupport.parse;
import static dev.duplex.core.config.ConfigTestSupport.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FullSyncOptionsTest {

    @Test
    void shouldReadTenThousandRowChunksOnFourConnectionsByDefault() {
        assertEquals(new FullSyncOptions(10_000, 4), parse(VALID).sync().fullSync());
    }

    @Test
    void shouldReadChunkRowsAndParallelism() {
        TaskConfig task = parse(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {chunkRows: 5000, parallelism: 4}\n"));
        assertEquals(new FullSyncOptions(5000, 4), task.sync().fullSync());
    }

    @Test
    void shouldWriteNodeBDirectlyOnFourConnectionsByDefault() {
        FullSyncOptions o = parse(VALID).sync().fullSync();
        assertEquals(FullSyncRoute.DIRECT, o.via());
        assertEquals(4, o.writers());
    }

    @Test
    void shouldReadTheQueueRouteAndWriters() {
        TaskConfig task = parse(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {writers: 6, via: queue}\n"));
        assertEquals(new FullSyncOptions(10_000, 4, 6, FullSyncRoute.QUEUE), task.sync().fullSync());
    }

    @Test
    void shouldDeferNodeBsIndexesByDefaultAndReadTheSwitch() {
        assertTrue(parse(VALID).sync().fullSync().deferIndexes());
        TaskConfig off = parse(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {deferIndexes: false, writers: 6}\n"));
        assertEquals(new FullSyncOptions(10_000, 4, 6, FullSyncRoute.DIRECT, false), off.sync().fullSync());
        assertFalse(off.sync().fullSync().withVia(FullSyncRoute.QUEUE).withWriters(2).deferIndexes());
    }

    @Test
    void shouldRejectADeferIndexesThatIsNotABoolean() {
        assertOnlyProblem(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {deferIndexes: yes-please}\n"), "sync.fullSync.deferIndexes",
                "must be true or false");
    }

    @Test
    void shouldRejectAnUnknownRoute() {
        assertOnlyProblem(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {via: carrier-pigeon}\n"), "sync.fullSync.via", "");
    }

    @Test
    void shouldRejectAChunkSizeOutsideItsRange() {
        assertOnlyProblem(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {chunkRows: 10}\n"), "sync.fullSync.chunkRows",
                "outside 100..1000000");
    }

    @Test
    void shouldSuggestParallelismForAMisspeltKey() {
        var p = assertOnlyProblem(valid("  conflictPolicy: task-failed\n",
                "  conflictPolicy: task-failed\n  fullSync: {paralelism: 3}\n"), "sync.fullSync.paralelism",
                "unknown key");
        assertEquals("did you mean 'parallelism'?", p.fix());
    }

    @Test
    void shouldKeepEverythingElseWhenTheTypesChange() {
        TaskConfig task = parse(VALID);
        SyncConfig incremental = task.sync().withTypes(Set.of(SyncType.INCREMENTAL));
        TaskConfig checked = task.withSync(incremental);
        assertEquals(Set.of(SyncType.INCREMENTAL), checked.sync().types());
        assertEquals(task.sync().conflictPolicy(), checked.sync().conflictPolicy());
        assertEquals(task.objects(), checked.objects());
    }
}
