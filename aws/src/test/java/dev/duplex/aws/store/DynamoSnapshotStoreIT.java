package dev.duplex.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.MutableClock;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.TableProgress;
import dev.duplex.sandbox.AwsEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The initial-load state and table progress against a real DynamoDB. */
class DynamoSnapshotStoreIT {
    private static AwsEndpoints aws;
    private static StoreTables tables;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

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
    void shouldRoundTripTheStateThroughEveryPhase() {
        var store = new DynamoSnapshotStore(aws.dynamo(), tables);
        String task = "t-" + UUID.randomUUID().toString().substring(0, 8);
        assertTrue(store.state(task).isEmpty());
        Instant now = clock.instant();
        SnapshotState st = SnapshotState.initial(task, now).withSchema(true, true, now)
                .withPositions(new BinlogPosition("a-bin.000003", 1234, "0-1-9"), new BinlogPosition("b-bin.000001", 77), now)
                .withNextChunk(256, now);
        store.save(st);
        assertEquals(st, store.state(task).orElseThrow());
        Lease lease = new DynamoLeaseStore(aws.dynamo(), tables, clock).tryAcquire(task, "a", "me", Duration.ofSeconds(30))
                .orElseThrow();
        SnapshotState ended = st.withEndPos(new BinlogPosition("a-bin.000004", 4), now).withCompleted(now);
        store.save(ended, lease);
        assertEquals(ended, store.state(task).orElseThrow());
    }

    @Test
    void shouldStoreProgressOfManyTablesOnlyUnderTheCurrentLease() {
        var store = new DynamoSnapshotStore(aws.dynamo(), tables);
        var leases = new DynamoLeaseStore(aws.dynamo(), tables, clock);
        String task = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Lease lease = leases.tryAcquire(task, "a", "me", Duration.ofSeconds(10)).orElseThrow();
        List<TableProgress> progress = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            progress.add(TableProgress.start(task, "db.with.dots", "t" + i, 1000 + i, clock.instant())
                    .advanced(10, "{\"id\":" + i + "}", i % 2 == 0, 1, clock.instant()));
        }
        store.save(progress, lease);
        List<TableProgress> read = new ArrayList<>(store.tables(task));
        read.sort(Comparator.comparing(TableProgress::table, Comparator.comparingInt(t -> Integer.parseInt(t.substring(1)))));
        assertEquals(progress, read);

        clock.advance(Duration.ofSeconds(11));
        Lease other = leases.tryAcquire(task, "a", "someone-else", Duration.ofSeconds(10)).orElseThrow();
        assertTrue(other.token() > lease.token());
        TableProgress stale = progress.get(0).advanced(5, "{\"id\":999}", true, 1, clock.instant());
        assertThrows(LeaseLostException.class, () -> store.save(List.of(stale), lease));
        assertEquals(progress.get(0), store.tables(task).stream().filter(p -> p.table().equals("t0")).findFirst()
                .orElseThrow(), "a write under a lost lease changes nothing");
    }
}
