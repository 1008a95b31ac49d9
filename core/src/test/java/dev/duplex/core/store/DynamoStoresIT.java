package dev.duplex.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.dynamo.DynamoCheckpointStore;
import dev.duplex.core.store.dynamo.DynamoLeaseStore;
import dev.duplex.core.store.dynamo.DynamoStatusStore;
import dev.duplex.core.store.dynamo.DynamoTaskStore;
import dev.duplex.core.store.dynamo.StoreTables;
import dev.duplex.core.store.dynamo.TableSetup;
import dev.duplex.sandbox.AwsEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stores against a real DynamoDB (DynamoDB Local, or LocalStack with -Plocalstack). */
class DynamoStoresIT {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static AwsEndpoints aws;
    private static StoreTables tables;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private DynamoTaskStore tasks;
    private DynamoLeaseStore leases;
    private DynamoCheckpointStore checkpoints;
    private String task;

    @BeforeAll
    static void startDynamo() {
        aws = AwsEndpoints.forTests();
        tables = StoreTables.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableSetup.createIfMissing(aws.dynamo(), tables);
        TableSetup.createIfMissing(aws.dynamo(), tables); // idempotent: the local runtime calls it at every start
    }

    @AfterAll
    static void stopDynamo() {
        aws.close();
    }

    @BeforeEach
    void newTask() {
        tasks = new DynamoTaskStore(aws.dynamo(), tables, clock);
        leases = new DynamoLeaseStore(aws.dynamo(), tables, clock);
        checkpoints = new DynamoCheckpointStore(aws.dynamo(), tables);
        task = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void shouldRoundTripTaskConfigAndState() {
        TaskRecord created = tasks.put(task, "{\"task\":\"x\"}");
        assertEquals(TaskState.CREATED, created.state());
        TaskRecord moved = tasks.updateState(task, TaskState.PRECHECK, "", created.version());
        TaskRecord failed = tasks.updateState(task, TaskState.FAILED, "conflict on shop.orders id=7", moved.version());
        TaskRecord read = tasks.get(task).orElseThrow();
        assertEquals(failed, read);
        assertEquals("{\"task\":\"x\"}", read.config());
        assertEquals("conflict on shop.orders id=7", read.stateReason());

        TaskRecord replaced = tasks.put(task, "{\"task\":\"y\"}");
        assertEquals(TaskState.FAILED, replaced.state(), "replacing the config keeps the state");
        assertEquals(read.version() + 1, replaced.version());
    }

    @Test
    void shouldRejectStaleTaskVersion() {
        TaskRecord created = tasks.put(task, "{}");
        tasks.updateState(task, TaskState.PRECHECK, "", created.version());
        assertThrows(TaskStore.StaleVersionException.class,
                () -> tasks.updateState(task, TaskState.FAILED, "late writer", created.version()));
    }

    @Test
    void shouldRejectStateMoveTheLifecycleDoesNotAllow() {
        TaskRecord created = tasks.put(task, "{}");
        var e = assertThrows(IllegalStateException.class,
                () -> tasks.updateState(task, TaskState.RUNNING, "", created.version()));
        assertTrue(e.getMessage().contains("CREATED to RUNNING"), e.getMessage());
    }

    @Test
    void shouldRoundTripCheckpointUnderLease() {
        Lease lease = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        var cp = checkpoint(Direction.A2B, "mysql-bin.000007", 1234, "0-1-99");
        checkpoints.save(cp, lease);
        assertEquals(Optional.of(cp), checkpoints.load(task, Direction.A2B));
        assertEquals(Optional.empty(), checkpoints.load(task, Direction.B2A));
    }

    @Test
    void shouldNotGrantLiveLeaseToAnotherOwner() {
        Lease first = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        assertEquals(Optional.empty(), leases.tryAcquire(task, "a", "capture-2", TTL));
        Lease again = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        assertEquals(first.token(), again.token(), "re-acquiring one's own lease keeps the token");
        assertTrue(leases.tryAcquire(task, "b", "capture-2", TTL).isPresent(), "node b has its own lease");
    }

    @Test
    void shouldRejectCheckpointWriteWithStaleFencingToken() {
        Lease old = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        checkpoints.save(checkpoint(Direction.A2B, "mysql-bin.000001", 100, ""), old);

        clock.advance(TTL.plusSeconds(1));
        Lease taken = leases.tryAcquire(task, "a", "capture-2", TTL).orElseThrow();
        assertEquals(old.token() + 1, taken.token());

        var stale = checkpoint(Direction.A2B, "mysql-bin.000009", 999, "");
        assertThrows(LeaseLostException.class, () -> checkpoints.save(stale, old));
        assertThrows(LeaseLostException.class, () -> leases.renew(old, TTL));
        assertEquals("mysql-bin.000001", checkpoints.load(task, Direction.A2B).orElseThrow().position().file());

        checkpoints.save(checkpoint(Direction.A2B, "mysql-bin.000002", 200, ""), taken);
        assertEquals(200, checkpoints.load(task, Direction.A2B).orElseThrow().position().pos());
    }

    @Test
    void shouldRenewAndReleaseLease() {
        Lease lease = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        clock.advance(Duration.ofSeconds(8));
        Lease renewed = leases.renew(lease, TTL);
        clock.advance(Duration.ofSeconds(8));
        assertEquals(Optional.empty(), leases.tryAcquire(task, "a", "capture-2", TTL), "renewal kept it alive");
        leases.release(renewed);
        assertTrue(leases.tryAcquire(task, "a", "capture-2", TTL).isPresent(), "released lease is free at once");
    }

    @Test
    void shouldTellAPastApplyErrorFromACurrentOne() {
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s1", "f:1", 3, 1, 0, t0));
        status.recordError(task, Direction.A2B, "target unreachable", t0.plusSeconds(1));

        DirectionStatus failing = status.get(task, Direction.A2B).orElseThrow();
        assertEquals("target unreachable", failing.lastError());
        assertEquals(t0.plusSeconds(1), failing.lastErrorAt());
        assertFalse(failing.recoveredSinceLastError());

        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s2", "f:2", 3, 1, 0, t0.plusSeconds(2)));
        DirectionStatus recovered = status.get(task, Direction.A2B).orElseThrow();
        assertTrue(recovered.recoveredSinceLastError());
        assertEquals(t0.plusSeconds(2), recovered.updatedAt());
    }

    @Test
    void shouldGrantExpiredLeaseToExactlyOneOfManyContenders() throws Exception {
        leases.tryAcquire(task, "a", "dead-capture", TTL).orElseThrow();
        clock.advance(TTL.plusSeconds(1));
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Optional<Lease>>> contenders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "capture-" + i;
                contenders.add(() -> leases.tryAcquire(task, "a", owner, TTL));
            }
            long winners = 0;
            for (Future<Optional<Lease>> f : pool.invokeAll(contenders)) {
                winners += f.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, winners);
            assertEquals(2, leases.current(task, "a").orElseThrow().token());
        } finally {
            pool.shutdownNow();
        }
    }

    private CaptureCheckpoint checkpoint(Direction d, String file, long pos, String gtid) {
        var position = new BinlogPosition(file, pos, gtid);
        return new CaptureCheckpoint(task, d, position, Seq.ofTransaction(position, 0), "server-uuid-1",
                Instant.ofEpochMilli(clock.millis()));
    }
}
