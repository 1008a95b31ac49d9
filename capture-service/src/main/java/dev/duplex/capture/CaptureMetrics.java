package dev.duplex.capture;

import dev.duplex.capture.filter.SelectCounters;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Transaction;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** Live figures of one capture, written by its threads and read by {@link CaptureService#status()}. */
final class CaptureMetrics {
    final SelectCounters select = new SelectCounters();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong transactions = new AtomicLong();
    private final Clock clock;
    private volatile CaptureStatus.State state = CaptureStatus.State.NEW;
    private volatile BinlogPosition position;
    private volatile long lastCommitMicros = -1;
    private volatile String reason = "";

    CaptureMetrics(Clock clock) {
        this.clock = clock;
    }

    void state(CaptureStatus.State s, String why) {
        state = s;
        reason = why == null ? "" : why;
    }

    CaptureStatus.State state() {
        return state;
    }

    void checkpointed(BinlogPosition p) {
        position = p;
    }

    BinlogPosition position() {
        return position;
    }

    void published(Batch batch) {
        batches.incrementAndGet();
        if (batch.fragment().last()) {
            transactions.addAndGet(batch.transactions().size());
        }
        Transaction last = batch.transactions().get(batch.transactions().size() - 1);
        lastCommitMicros = last.commitMicros();
    }

    CaptureStatus snapshot(String task, String direction) {
        double lag = lastCommitMicros < 0 ? -1
                : Math.max(0, (clock.millis() * 1000L - lastCommitMicros) / 1_000_000.0);
        return new CaptureStatus(state, task, direction, position == null ? "" : position.toString(), lag,
                batches.get(), transactions.get(), select.loopDropped.get(), select.oneSidedRemovals.get(), reason);
    }
}
