package dev.duplex.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duplex.aws.store.DynamoStatusStore;
import dev.duplex.aws.store.StoreTables;
import dev.duplex.aws.store.TableSetup;
import dev.duplex.core.metrics.EmfMetrics;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.Seq;
import dev.duplex.core.store.StatusStore;
import dev.duplex.sandbox.AwsEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under {@code partitioning: table} each apply instance emits the latency of the groups it
 * applied. A group that stops applying while the others apply must still reach the latency
 * alarm: two instances share the status item on DynamoDB Local, one applies a group and then
 * nothing more of it, the other goes on with another group.
 */
class OverdueGroupLatencyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");
    private static final String STUCK = "a2b.shop.orders";
    private static final String BUSY = "a2b.shop.notes";
    private static AwsEndpoints aws;
    private static StatusStore store;

    @BeforeAll
    static void start() {
        aws = AwsEndpoints.forTests();
        StoreTables tables = StoreTables.withPrefix("it-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        TableSetup.createIfMissing(aws.dynamo(), tables);
        store = new DynamoStatusStore(aws.dynamo(), tables);
    }

    @AfterAll
    static void stop() throws Exception {
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void shouldRaiseTheLatencyAsAGroupStaysBehindWhileAnotherApplies() throws Exception {
        applyOnce("stuck", T0, STUCK, 200, new ArrayList<>());

        List<String> lines = new ArrayList<>();
        applyOnce("stuck", T0.plusSeconds(120), BUSY, 300, lines);

        long latency = JSON.readTree(lines.get(0)).path("Latency").asLong();
        // orders measured 120 s ago; its heartbeats come every second (two groups), plus ten seconds' slack
        assertEquals(300 + 120_000 - 11_000, latency, "the busy group's 300 ms would hide the stuck group");
    }

    @Test
    void shouldNotRaiseTheLatencyOfGroupsWhoseHeartbeatsComeInTurns() throws Exception {
        Instant start = T0.plusSeconds(3600);
        for (int g = 0; g < 120; g++) { // three turns of fifty: each group's heartbeat every 3 s
            applyOnce("turns", start, "a2b.shop.t" + g, 100 + g, new ArrayList<>());
        }
        List<String> lines = new ArrayList<>();
        applyOnce("turns", start.plusSeconds(12), BUSY, 40, lines);

        assertEquals(219, JSON.readTree(lines.get(0)).path("Latency").asLong(),
                "12 s is within the turn (3 s) and the slack (10 s): the largest latency measured, unchanged");
    }

    /** One apply instance at {@code at} applies one heartbeat of {@code group}, {@code latencyMillis} old, and writes. */
    private static void applyOnce(String task, Instant at, String group, long latencyMillis, List<String> lines) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        StatusRecorder recorder = new StatusRecorder(store, task, Direction.A2B, clock, Duration.ofSeconds(1),
                EmfMetrics.to(lines::add, clock)).watchingOverdueGroups(() -> 1);
        long heartbeat = HeartbeatTime.epochMicros(at.minusMillis(latencyMillis));
        recorder.applied(Batches.inGroup(Batches.dml(task, 100), group), new ApplyResult(false,
                Seq.ofTransaction(new BinlogPosition(Batches.FILE, 100), 0), 1, 1, List.of(), List.of(), heartbeat, true));
        recorder.writePending();
    }
}
