package dev.duplex.capture.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.aws.secrets.SecretResolvers;
import dev.duplex.core.config.ConflictingTablesMode;
import dev.duplex.core.config.SyncType;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.core.config.TaskConfigLoader;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.store.Lease;
import dev.duplex.core.store.SnapshotState;
import dev.duplex.core.store.SnapshotStore;
import dev.duplex.core.store.TableProgress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a restart's precheck checks and where captures start, by how far the initial load got. */
class TaskCoordinatorTest {
    private static final TaskConfig TASK = TaskConfigLoader.parse("""
            task: t
            nodes:
              a: {host: 127.0.0.1, port: 3306, user: duplex, password: env:A}
              b: {host: 127.0.0.1, port: 3307, user: duplex, password: env:B}
            sync: {types: [schema, full, incremental], conflictingTables: precheck-and-report}
            objects: [shop]
            """, TaskConfigLoader.Format.YAML);

    private static final class OneState implements SnapshotStore {
        SnapshotState state;

        public Optional<SnapshotState> state(String task) {
            return Optional.ofNullable(state);
        }

        public void save(SnapshotState s) {
            state = s;
        }

        public void save(SnapshotState s, Lease lease) {
            state = s;
        }

        public List<TableProgress> tables(String task) {
            return List.of();
        }

        public void save(List<TableProgress> progress, Lease lease) {
        }
    }

    private static TaskCoordinator coordinator(SnapshotState state) {
        OneState store = new OneState();
        store.state = state;
        return new TaskCoordinator(TASK, null, store, SecretResolvers.defaults(), ApplyMappings.NONE, Clock.systemUTC());
    }

    private static TaskConfig checkedAs(SnapshotState state) {
        return coordinator(state).precheckView().apply(TASK);
    }

    @Test
    void shouldGiveEachCaptureItsPinnedStartAndSayWhenTheLoadIsOver() {
        var a = new BinlogPosition("a-bin.000001", 400, "");
        var b = new BinlogPosition("b-bin.000001", 700, "");
        SnapshotState pinned = SnapshotState.initial("t", Clock.systemUTC().instant()).withPositions(a, b,
                Clock.systemUTC().instant());
        assertEquals(Optional.of(a), coordinator(pinned).pinned(Direction.A2B));
        assertEquals(Optional.of(b), coordinator(pinned).pinned(Direction.B2A));
        assertEquals(false, coordinator(pinned).initialLoadCompleted());
        assertEquals(true, coordinator(pinned.withCompleted(Clock.systemUTC().instant())).initialLoadCompleted());
        assertEquals(Optional.empty(), coordinator(null).pinned(Direction.B2A),
                "nothing pinned before the task started");
    }

    @Test
    void shouldCheckANewTaskAsConfigured() {
        assertEquals(TASK, checkedAs(null));
    }

    @Test
    void shouldTakeTheTablesOnBAsItsOwnOnceSchemaSyncBegan() {
        SnapshotState begun = SnapshotState.initial("t", Clock.systemUTC().instant()).withSchema(true, false,
                Clock.systemUTC().instant());
        TaskConfig checked = checkedAs(begun);
        assertEquals(ConflictingTablesMode.IGNORE_AND_PROCEED, checked.sync().conflictingTables());
        assertEquals(TASK.sync().types(), checked.sync().types());
    }

    @Test
    void shouldCheckOnlyIncrementalSyncOnceTheInitialLoadIsDone() {
        SnapshotState done = SnapshotState.initial("t", Clock.systemUTC().instant()).withSchema(true, true,
                Clock.systemUTC().instant()).withCompleted(Clock.systemUTC().instant());
        assertEquals(Set.of(SyncType.INCREMENTAL), checkedAs(done).sync().types());
    }
}
