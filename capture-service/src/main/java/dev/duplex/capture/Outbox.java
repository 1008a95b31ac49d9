package dev.duplex.capture;

import dev.duplex.capture.batch.MessageWindow;
import dev.duplex.capture.batch.Outgoing;
import dev.duplex.core.model.BatchKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The batches cut and waiting for a session's publisher: a bounded queue the processor fills (it
 * blocks when the queue is full, which stops the reader), and the publisher's next messages taken
 * from it, each message group's waiting batches joined ({@link MessageWindow}) and cut at a DDL
 * barrier ({@link dev.duplex.capture.publish.ApplyBarrier}): what is before the barrier goes
 * first, the barrier alone next, and what is after it is held until then. Only the publishing
 * thread takes from it.
 */
final class Outbox {
    static final int BATCH_QUEUE = 8;
    /**
     * Under {@code partitioning: table} the waiting batches are spread over the groups, so more of
     * them must wait for each group's to join as much as one group's do (at most 32 x 900 KiB).
     */
    static final int BATCH_QUEUE_PER_TABLE = 32;

    private final BlockingQueue<Outgoing> batches;
    private final Deque<Outgoing> held = new ArrayDeque<>();
    private final MessageWindow window;
    private final boolean partitioned;

    /** @param partitioned the direction has a message group per table: a DDL statement is a barrier */
    Outbox(long maxBytes, boolean partitioned) {
        this.window = new MessageWindow(maxBytes);
        this.partitioned = partitioned;
        this.batches = new ArrayBlockingQueue<>(partitioned ? BATCH_QUEUE_PER_TABLE : BATCH_QUEUE);
    }

    /** Where the processor puts the batches it cuts, in order. */
    BlockingQueue<Outgoing> queue() {
        return batches;
    }

    /**
     * The next messages: those held behind a barrier or the next batch queued, and every batch
     * already waiting behind them, joined into messages by group up to the first barrier; the
     * barrier alone when it comes first. Never waits for more than the first; empty when none came.
     */
    List<Outgoing> next() throws InterruptedException {
        List<Outgoing> waiting = new ArrayList<>(held);
        held.clear();
        if (waiting.isEmpty()) {
            Outgoing first = batches.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return List.of();
            }
            waiting.add(first);
        }
        batches.drainTo(waiting);
        int now = sendNow(waiting, partitioned);
        held.addAll(waiting.subList(now, waiting.size()));
        return isBarrier(waiting.get(0)) ? List.of(waiting.get(0)) : window.messages(waiting.subList(0, now));
    }

    /** A DDL statement the publisher sends only once every group applied what came before it. */
    boolean isBarrier(Outgoing o) {
        return isBarrier(o, partitioned);
    }

    private static boolean isBarrier(Outgoing o, boolean partitioned) {
        return partitioned && o.batch().kind() == BatchKind.DDL;
    }

    /**
     * How many of {@code waiting} (in the order they were cut) go now: all of them when none is a
     * barrier, those before the first barrier, or 1 when the barrier is first.
     */
    static int sendNow(List<Outgoing> waiting, boolean partitioned) {
        for (int i = 0; i < waiting.size(); i++) {
            if (isBarrier(waiting.get(i), partitioned)) {
                return i == 0 ? 1 : i;
            }
        }
        return waiting.size();
    }

    /** Nothing queued and nothing held. */
    boolean isEmpty() {
        return held.isEmpty() && batches.isEmpty();
    }
}
