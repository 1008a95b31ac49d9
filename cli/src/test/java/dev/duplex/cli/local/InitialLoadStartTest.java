package dev.duplex.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.config.SecretResolver;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where each capture starts when its target applied nothing yet. */
class InitialLoadStartTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final BinlogPosition A = new BinlogPosition("a-bin.000001", 400, "");
    private static final BinlogPosition B = new BinlogPosition("b-bin.000001", 700, "");

    private final Snapshots snapshots = new Snapshots();
    private final InitialLoad load = new InitialLoad(TaskConfigLoader.parse("""
            task: t
            nodes:
              a: {host: 127.0.0.1, port: 1, user: u, password: env:NONE, tls: disabled}
              b: {host: 127.0.0.1, port: 2, user: u, password: env:NONE, tls: disabled}
            sync:
              types: [schema, full, incremental]
            objects:
              - shop
            """, TaskConfigLoader.Format.YAML), new TaskStates(null, "t", CLOCK, Duration.ofSeconds(1)), snapshots,
            SecretResolver.defaults(), CLOCK);

    @Test
    void shouldStartBothCapturesAtTheRecordedPositionsDuringTheLoad() {
        snapshots.state = SnapshotState.initial("t", CLOCK.instant()).withPositions(A, B, CLOCK.instant());

        assertEquals(Optional.of(A), load.startFor(Direction.A2B));
        assertEquals(Optional.of(B), load.startFor(Direction.B2A));
    }

    @Test
    void shouldStartTheHeldReverseDirectionAtItsStartAfterTheLoadUntilNodeAAppliedSomeOfIt() {
        snapshots.state = SnapshotState.initial("t", CLOCK.instant()).withPositions(A, B, CLOCK.instant())
                .withEndPos(new BinlogPosition("a-bin.000001", 900, ""), CLOCK.instant()).withCompleted(CLOCK.instant());

        assertEquals(Optional.of(B), load.startFor(Direction.B2A), "node b's writes during the copy were only queued");
        assertEquals(Optional.empty(), load.startFor(Direction.A2B), "the forward direction applied the copy");
    }

    @Test
    void shouldHaveNoStartWithoutRecordedPositions() {
        assertEquals(Optional.empty(), load.startFor(Direction.B2A));
        snapshots.state = SnapshotState.initial("t", CLOCK.instant());
        assertEquals(Optional.empty(), load.startFor(Direction.B2A));
    }

    private static final class Snapshots implements SnapshotStore {
        SnapshotState state;

        @Override
        public Optional<SnapshotState> state(String task) {
            return Optional.ofNullable(state);
        }

        @Override
        public void save(SnapshotState s) {
            state = s;
        }

        @Override
        public void save(SnapshotState s, Lease lease) {
            state = s;
        }

        @Override
        public List<TableProgress> tables(String task) {
            return List.of();
        }

        @Override
        public void save(List<TableProgress> progress, Lease lease) {}
    }
}
