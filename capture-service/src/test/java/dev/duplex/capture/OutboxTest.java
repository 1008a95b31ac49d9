package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.capture.batch.BatchSettings;
import dev.duplex.capture.batch.GroupedBatcher;
import dev.duplex.capture.batch.Outgoing;
import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of the waiting batches the publisher sends before, at and after a DDL barrier. */
class OutboxTest {
    private static final BatchSettings SETTINGS = new BatchSettings("shop", Direction.A2B, null, 100_000,
            Duration.ofMillis(20));

    @Test
    void shouldSendWhatIsBeforeTheBarrierThenTheBarrierAloneThenTheRest() {
        List<Outgoing> waiting = cut(BatchKind.DML, BatchKind.HEARTBEAT, BatchKind.DDL, BatchKind.DML, BatchKind.DDL);
        assertEquals(2, Outbox.sendNow(waiting, true));
        assertEquals(1, Outbox.sendNow(waiting.subList(2, 5), true), "the barrier alone");
        assertEquals(1, Outbox.sendNow(waiting.subList(3, 5), true), "up to the next one");
        assertEquals(5, Outbox.sendNow(waiting, false), "one group: the order of the queue is enough");
        assertEquals(2, Outbox.sendNow(waiting.subList(0, 2), true));
    }

    /** One batch of each kind, in this order, each cut alone. */
    private static List<Outgoing> cut(BatchKind... kinds) {
        GroupedBatcher b = new GroupedBatcher(SETTINGS, null, Map.of("a2b", new Batch.Chain("c",
                "src", Seq.ZERO)), () -> false, row -> "a2b");
        List<Outgoing> out = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            BinlogPosition at = new BinlogPosition("mysql-bin.000002", 100L * (i + 1));
            RowChange row = RowChange.insert("shop", "t", List.of("id"), List.of("id"), List.of(new Value.Int(i)));
            out.addAll(b.add(new SelectedTransaction(new Transaction(Seq.ofTransaction(at, 0), "", 0, List.of(row)),
                    kinds[i], at, at.withPos(at.pos() + 50)), 0));
            out.addAll(b.flush());
        }
        return out;
    }
}
