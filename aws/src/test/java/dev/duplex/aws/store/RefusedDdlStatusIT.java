package dev.duplex.aws.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.StatusProgress;
import dev.duplex.sandbox.AwsEndpoints;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The count of DDL statements the target refused, and the latest of them, in the direction's
 * status item on DynamoDB Local: shared by every apply instance of the direction.
 */
class RefusedDdlStatusIT {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static AwsEndpoints aws;
    private static StoreTables tables;
    private DynamoStatusStore status;
    private String task;

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

    @BeforeEach
    void newTask() {
        status = new DynamoStatusStore(aws.dynamo(), tables);
        task = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RefusedDdl refused(int i, Instant at) {
        return new RefusedDdl("shop", "ALTER TABLE t" + i + " ADD COLUMN c INT",
                "[MySQL error 1146] Table 'shop.t" + i + "' doesn't exist", at);
    }

    @Test
    void shouldCountEveryRefusalOfManyConcurrentWritersAndKeepTheLatestAsTheLast() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                RefusedDdl r = refused(i, T0.plusSeconds(i));
                calls.add(() -> {
                    status.recordRefusedDdl(task, Direction.A2B, r);
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals(writers, s.ddlFailures(), "no refusal lost between concurrent writers");
        assertEquals(Optional.of(refused(writers - 1, T0.plusSeconds(writers - 1))), s.lastDdlFailure(),
                "the last is the latest, whichever writer came last");
        assertEquals(Optional.empty(), status.get(task, Direction.B2A), "the other direction is untouched");
    }

    @Test
    void shouldCountALateArrivingOlderRefusalWithoutMakingItTheLast() {
        status.recordRefusedDdl(task, Direction.A2B, refused(2, T0.plusSeconds(60)));
        status.recordRefusedDdl(task, Direction.A2B, refused(1, T0));

        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals(2, s.ddlFailures());
        assertEquals("ALTER TABLE t2 ADD COLUMN c INT", s.lastDdlFailure().orElseThrow().statement());
    }

    @Test
    void shouldKeepTheRefusalsApartFromProgressAndTheLastError() {
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s1", "f:1", 3, 1, 0, T0));
        status.recordRefusedDdl(task, Direction.A2B, refused(1, T0.plusSeconds(1)));
        status.addProgress(task, Direction.A2B, new StatusProgress(5, "s2", "f:2", 4, 1, 0, T0.plusSeconds(2)));

        DirectionStatus s = status.get(task, Direction.A2B).orElseThrow();
        assertEquals(1, s.ddlFailures());
        assertEquals(7, s.rowsApplied());
        assertEquals("", s.lastError(), "a refused DDL is not an error of the direction: the task went on");
        assertTrue(s.lastDdlFailure().isPresent());
    }

    @Test
    void shouldReadADirectionThatNeverHadARefusal() {
        status.addProgress(task, Direction.B2A, new StatusProgress(5, "s1", "f:1", 3, 1, 0, T0));

        DirectionStatus s = status.get(task, Direction.B2A).orElseThrow();
        assertEquals(0, s.ddlFailures());
        assertEquals(Optional.empty(), s.lastDdlFailure());
    }
}
