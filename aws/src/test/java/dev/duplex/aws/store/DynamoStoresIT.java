package dev.duplex.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.aws.AwsClients;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.error.LeaseLostException;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.CaptureCheckpoint;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.GroupMark;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.MutableClock;
import dev.duplex.core.store.StatusProgress;
import dev.duplex.core.store.TaskRecord;
import dev.duplex.core.store.TaskState;
import dev.duplex.core.store.TaskStore;
import dev.duplex.sandbox.AwsEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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

    /**
     * On AWS the capture and apply roles may update only the state's attributes of the task item
     * (infra/, dynamodb:Attributes): a state move must name no other attribute and leave the rest of
     * the item, the config above all, exactly as the operator stored it.
     */
    @Test
    void shouldMoveStateWithoutRewritingTheRestOfTheTaskItem() {
        TaskRecord created = tasks.put(task, "{\"task\":\"x\",\"nodes\":{\"b\":{\"host\":\"db-b.internal\"}}}");
        aws.dynamo().updateItem(b -> b.tableName(tables.tasks()).key(Map.of("task", AttributeValue.fromS(task)))
                .updateExpression("SET operatorNote = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromS("kept"))));
        Map<String, AttributeValue> before = rawTaskItem();
        var writes = new ArrayList<SdkRequest>();
        try (DynamoDbClient recorded = recordingClient(writes::add)) {
            var store = new DynamoTaskStore(recorded, tables, clock);
            TaskRecord moved = store.updateState(task, TaskState.PRECHECK, "precheck running", created.version());
            store.updateState(task, TaskState.FAILED, "capture a: lost the binlog", moved.version());
        }
        Map<String, AttributeValue> after = rawTaskItem();
        assertEquals(before.get("config"), after.get("config"), "the config is byte for byte what task put stored");
        assertEquals(before.get("operatorNote"), after.get("operatorNote"), "attributes the store does not know stay");
        assertEquals("FAILED", after.get("state").s());
        assertEquals("capture a: lost the binlog", after.get("stateReason").s());
        assertEquals(String.valueOf(created.version() + 2), after.get("version").n());

        Set<String> allowed = new TreeSet<>(DynamoTaskStore.STATE_ATTRIBUTES);
        allowed.add("task");
        for (SdkRequest w : writes.stream().filter(r -> !(r instanceof GetItemRequest)).toList()) {
            var update = assertInstanceOf(UpdateItemRequest.class, w, "a state move writes with UpdateItem only");
            Set<String> named = new TreeSet<>(update.key().keySet());
            named.addAll(update.expressionAttributeNames().values());
            named.addAll(update.attributeUpdates().keySet());
            assertTrue(allowed.containsAll(named), "names " + named + ", the roles may update only " + allowed);
            String bare = (update.updateExpression() + " " + update.conditionExpression())
                    .replaceAll("#\\w+|:\\w+|\\bSET\\b|\\bAND\\b|[=,()\\s]", "");
            assertEquals("", bare, "every attribute goes through a #name, so the check above sees it");
        }
    }

    @Test
    void shouldRefuseAStateMoveWhenTheTaskChangesBetweenReadAndWrite() {
        TaskRecord created = tasks.put(task, "{}");
        // Someone else moves the task after updateState read it and before its write reaches the table.
        Consumer<SdkRequest> raceBeforeWrite = r -> {
            if (!(r instanceof GetItemRequest)) {
                tasks.updateState(task, TaskState.PRECHECK, "the other writer", created.version());
            }
        };
        try (DynamoDbClient racing = recordingClient(raceBeforeWrite)) {
            var store = new DynamoTaskStore(racing, tables, clock);
            assertThrows(TaskStore.StaleVersionException.class,
                    () -> store.updateState(task, TaskState.FAILED, "late writer", created.version()));
        }
        TaskRecord stored = tasks.get(task).orElseThrow();
        assertEquals(TaskState.PRECHECK, stored.state(), "the late write changed nothing");
        assertEquals("the other writer", stored.stateReason());
        assertEquals(created.version() + 1, stored.version());
    }

    private Map<String, AttributeValue> rawTaskItem() {
        return aws.dynamo().getItem(b -> b.tableName(tables.tasks()).key(Map.of("task", AttributeValue.fromS(task)))
                .consistentRead(true)).item();
    }

    /** A client on the same DynamoDB that hands every request to {@code onRequest} before sending it. */
    private static DynamoDbClient recordingClient(Consumer<SdkRequest> onRequest) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                onRequest.accept(context.request());
            }
        };
        return AwsClients.configure(DynamoDbClient.builder(), Optional.of(aws.dynamoEndpoint()), Region.US_EAST_1)
                .overrideConfiguration(c -> c.addExecutionInterceptor(interceptor)).build();
    }

    @Test
    void shouldRoundTripCheckpointUnderLease() {
        Lease lease = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        var cp = checkpoint(Direction.A2B, "mysql-bin.000007", 1234, "0-1-99");
        checkpoints.save(cp, lease);
        assertEquals(Optional.of(cp), checkpoints.load(task, Direction.A2B));
        assertEquals(Optional.empty(), checkpoints.load(task, Direction.B2A));
        var grouped = new CaptureCheckpoint(task, Direction.A2B, cp.position(), cp.lastSeq(), cp.serverIdentity(),
                cp.updatedAt(), "c1", Map.of("a2b.t2", Seq.ofTransaction(new BinlogPosition("mysql-bin.000007", 99), 0)));
        checkpoints.save(grouped, lease);
        assertEquals(Optional.of(grouped), checkpoints.load(task, Direction.A2B), "each other group's seq kept");
        var started = new CaptureCheckpoint(task, Direction.A2B, cp.position(), cp.lastSeq(), cp.serverIdentity(),
                cp.updatedAt(), "c1", grouped.groupSeqs(), Map.of("a2b", new BinlogPosition("mysql-bin.000006", 4),
                        "a2b.t2", new BinlogPosition("mysql-bin.000007", 99)));
        checkpoints.save(started, lease);
        assertEquals(Optional.of(started), checkpoints.load(task, Direction.A2B), "where each group's first send began");
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
    void shouldExpireADeadHoldersLeaseAtOnceKeepingTheFencingTokenGrowing() {
        Lease dead = leases.tryAcquire(task, "a", "capture-1", TTL).orElseThrow();
        checkpoints.save(checkpoint(Direction.A2B, "mysql-bin.000001", 100, ""), dead);
        assertEquals(Optional.empty(), leases.tryAcquire(task, "a", "capture-2", TTL), "live: not free");

        assertTrue(leases.expire(dead));
        Lease next = leases.tryAcquire(task, "a", "capture-2", TTL).orElseThrow();
        assertEquals(dead.token() + 1, next.token(), "the successor's token is higher, not a new count");
        assertThrows(LeaseLostException.class, () -> checkpoints.save(
                checkpoint(Direction.A2B, "mysql-bin.000009", 999, ""), dead), "the old holder stays fenced");

        assertFalse(leases.expire(dead), "a lease that changed since is left as it is");
        assertEquals(Optional.of(next), leases.current(task, "a"));
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
    void shouldTellARecoveryByTheProgressNotByALatencyMeasured() {
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s1", "f:1", 3, 1, 0, t0));
        status.recordError(task, Direction.A2B, "target unreachable", t0.plusSeconds(1));
        // Rows applied again, no heartbeat among them yet: the latency stays the one measured at t0.
        status.addProgress(task, Direction.A2B, new StatusProgress(-1, "s2", "f:2", 3, 1, 0, t0.plusSeconds(2)));

        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertTrue(s.recoveredSinceLastError());
        assertEquals(t0, s.latencyMeasuredAt());
    }

    @Test
    void shouldShowTheMessageGroupFurthestBehindAndTheLargestLatency() {
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String t1 = "a2b.shop.t1";
        String t2 = "a2b.shop.t2";
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s1", "mysql-bin.000002:500", 3, 1, 0, 0, t0,
                Map.of(t1, new GroupMark("s9", "mysql-bin.000002:900", 40),
                        t2, new GroupMark("s3", "mysql-bin.000001:77000", 10))));

        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals("mysql-bin.000001:77000", s.lastSourcePosition(), "files order by number, not as text");
        assertEquals(t2, s.behindGroup());
        assertEquals(3, s.groups());
        assertEquals(40, s.latencyMillis());

        // t2 catches up and measures less; the default group, idle since, is the one behind now.
        status.addProgress(task, Direction.A2B, new StatusProgress(-1, null, null, 4, 1, 0, 0, t0.plusSeconds(1),
                Map.of(t2, new GroupMark("s12", "mysql-bin.000002:1200", 2))));
        s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals("mysql-bin.000002:500", s.lastSourcePosition());
        assertEquals("a2b", s.behindGroup());
        assertEquals("s1", s.lastAppliedSeq(), "a write without the default group keeps its seq");
        assertEquals(40, s.latencyMillis(), "t1's latency stays the largest measured");
        assertEquals(7, s.rowsApplied());
    }

    @Test
    void shouldDateTheLatencyByTheGroupThatMeasuredLongestAgo() {
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String stuck = "a2b.shop.stuck";
        String busy = "a2b.shop.busy";
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s1", "mysql-bin.000002:500", 1, 1, 0, 0, t0,
                Map.of(stuck, new GroupMark("s2", "mysql-bin.000002:600", 30),
                        busy, new GroupMark("s3", "mysql-bin.000002:700", 20))));
        // A minute on, the default group and the busy one go on measuring; the stuck one applies nothing.
        for (int second = 1; second <= 60; second += 59) {
            status.addProgress(task, Direction.A2B, new StatusProgress(4, "s" + (10 + second),
                    "mysql-bin.000002:" + (1000 + second), 1, 1, 0, 0, t0.plusSeconds(second),
                    Map.of(busy, new GroupMark("s" + (20 + second), "mysql-bin.000002:" + (2000 + second), 9))));
        }

        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals(stuck, s.behindGroup());
        assertEquals(30, s.latencyMillis(), "the stuck group's last figure is the largest");
        assertEquals(t0, s.latencyMeasuredAt(), "and a minute old, not as fresh as the item's last write");
        assertEquals(t0.plusSeconds(60), s.updatedAt());
    }

    @Test
    void shouldWriteTheMarksOfAHundredAndFiftyGroupsInOneProgress() {
        // An apply instance that applied many tables' heartbeats in a second writes all their marks
        // at once: one UpdateItem would pass DynamoDB's 4 KB expression and 300 operator limits.
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Map<String, GroupMark> marks = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            marks.put("a2b.shop.table_with_a_longish_name_" + i,
                    new GroupMark("s" + i, "mysql-bin.000002:" + (1000 + i), i));
        }
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s0", "mysql-bin.000002:5000", 150, 150, 0, 0,
                t0, marks));

        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals(151, s.groups());
        assertEquals("mysql-bin.000002:1000", s.lastSourcePosition());
        assertEquals("a2b.shop.table_with_a_longish_name_0", s.behindGroup());
        assertEquals(149, s.latencyMillis());
        assertEquals(150, s.rowsApplied(), "the counters are added once");
    }

    @Test
    void shouldEndTheRetryWindowsOfEightHundredGroupsAtOnce() {
        // node b unreachable under partitioning: table: every table's group opens a window; a stop ends them all.
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 800; i++) {
            status.recordRetrying(task, Direction.A2B, "a2b.shop.table_" + i, "node b unreachable", t0);
        }
        assertEquals(t0, status.get(task, Direction.A2B).orElseThrow().retryingSince());

        status.endAllRetrying(task, Direction.A2B);

        assertEquals(Instant.EPOCH, status.get(task, Direction.A2B).orElseThrow().retryingSince(),
                "a resume begins new windows instead of giving up at once on the old ones");
    }

    @Test
    void shouldSayWhatToDoWhenTheGroupsNoLongerFitTheStatusItem() {
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        Map<String, GroupMark> marks = new LinkedHashMap<>();
        for (int i = 0; i < 2_500; i++) {
            marks.put("a2b.shop.table_with_a_30_char_name_" + i, new GroupMark("s" + i, "mysql-bin.000002:" + i, i));
        }
        var progress = new StatusProgress(5, "s0", "mysql-bin.000002:5000", 1, 1, 0, 0,
                Instant.parse("2026-01-01T00:00:00Z"), marks);

        FatalException e = assertThrows(FatalException.class, () -> status.addProgress(task, Direction.A2B, progress));
        assertTrue(e.getMessage().contains("400 KB") && e.getMessage().contains("partitioning: transaction"),
                e.getMessage());
    }

    @Test
    void shouldShowOneGroupsPositionAsBefore() {
        var status = new DynamoStatusStore(aws.dynamo(), tables);
        status.addProgress(task, Direction.B2A, new StatusProgress(12, "s1", "mysql-bin.000003:4", 3, 1, 0,
                Instant.parse("2026-01-01T00:00:00Z")));

        DirectionStatus s = status.get(task, Direction.B2A).orElseThrow();
        assertEquals("mysql-bin.000003:4", s.lastSourcePosition());
        assertEquals(12, s.latencyMillis());
        assertEquals(1, s.groups());
        assertEquals("", s.behindGroup());
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
