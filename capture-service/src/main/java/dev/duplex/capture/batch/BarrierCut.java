package dev.duplex.capture.batch;

import dev.duplex.core.model.BatchKind;
import java.util.List;

/**
 * Under {@code partitioning: table} a DDL statement is a barrier between the message groups
 * ({@link dev.duplex.capture.publish.ApplyBarrier}): of the batches waiting for the publisher,
 * those before it go first, then it alone, and those after it wait until it is applied. Pure.
 */
public final class BarrierCut {
    private BarrierCut() {}

    /** Whether {@code o} is a barrier for a capture whose direction has several groups ({@code partitioned}). */
    public static boolean isBarrier(Outgoing o, boolean partitioned) {
        return partitioned && o.batch().kind() == BatchKind.DDL;
    }

    /**
     * How many of {@code waiting} (in the order they were cut) go now: all of them when none is a
     * barrier, those before the first barrier, or 1 when the barrier is first.
     */
    public static int sendNow(List<Outgoing> waiting, boolean partitioned) {
        for (int i = 0; i < waiting.size(); i++) {
            if (isBarrier(waiting.get(i), partitioned)) {
                return i == 0 ? 1 : i;
            }
        }
        return waiting.size();
    }
}
