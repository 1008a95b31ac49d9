package dev.duplex.apply;

import dev.duplex.core.model.Direction;
import dev.duplex.core.store.DirectionStatus;
import dev.duplex.core.store.RefusedDdl;
import dev.duplex.core.store.StatusProgress;
import dev.duplex.core.store.StatusStore;
import dev.duplex.core.store.TaskLogEntry;
import dev.duplex.core.store.VerifyResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A status store in memory that lists what was written, in order (unit tests of the recorder). */
final class RecordingStatusStore implements StatusStore {
    final List<StatusProgress> written = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    /** Runs at the start of every progress write: a test blocks or fails the write here. */
    volatile Runnable beforeProgress = () -> { };
    /** What a status read gives (it also counts as an event): none unless a test says. */
    volatile Supplier<Optional<DirectionStatus>> status = Optional::empty;

    @Override
    public void addProgress(String task, Direction direction, StatusProgress progress) {
        beforeProgress.run();
        written.add(progress);
        events.add("progress " + progress.rowsDelta() + " rows");
    }

    @Override
    public void recordError(String task, Direction direction, String error, Instant at) {
        events.add("error " + error);
    }

    @Override
    public Instant recordRetrying(String task, Direction direction, String group, String error, Instant at) {
        events.add("retrying " + error);
        return at;
    }

    @Override
    public void recordRefusedDdl(String task, Direction direction, RefusedDdl refused) {
        events.add("refused DDL " + refused.statement());
    }

    @Override
    public void endRetrying(String task, Direction direction, String group) {
        events.add("retrying ended");
    }

    @Override
    public void endAllRetrying(String task, Direction direction) {
        events.add("retrying ended");
    }

    @Override
    public Optional<DirectionStatus> get(String task, Direction direction) {
        events.add("status read");
        return status.get();
    }

    @Override
    public void recordVerification(String task, VerifyResult result) {
    }

    @Override
    public Optional<VerifyResult> lastVerification(String task) {
        return Optional.empty();
    }

    @Override
    public void appendLog(TaskLogEntry entry) {}

    @Override
    public List<TaskLogEntry> log(String task, int limit) {
        return List.of();
    }
}
