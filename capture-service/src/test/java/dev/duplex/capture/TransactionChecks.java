package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks over what {@link SourceWriter} wrote, as it arrived in the queue. */
final class TransactionChecks {
    private TransactionChecks() {}

    static int txnOf(RowChange r) {
        return (int) ((Value.Int) r.after().get(1)).value();
    }

    private static int rowCountOf(RowChange r) {
        return (int) ((Value.Int) r.after().get(2)).value();
    }

    /**
     * Every transaction in every batch (re-sent ones included) is whole: its rows belong to one
     * source transaction and are all there; a seq sent twice carries the same transaction.
     */
    static void everyTransactionComplete(List<Batch> batches) {
        Map<Seq, Transaction> seen = new HashMap<>();
        for (Batch b : batches) {
            assertEquals(Batch.Fragment.WHOLE, b.fragment(), "no fragments expected for small transactions");
            for (Transaction t : b.transactions()) {
                Transaction before = seen.putIfAbsent(t.seq(), t);
                if (before != null) {
                    assertEquals(before, t, "seq " + t.seq() + " was sent twice with different content");
                }
                if (t.changes().stream().allMatch(c -> c instanceof RowChange r && r.database().equals("duplex"))) {
                    continue;
                }
                List<Change> rows = t.changes();
                RowChange first = (RowChange) rows.get(0);
                assertEquals(rowCountOf(first), rows.size(), "transaction " + txnOf(first) + " is torn at seq " + t.seq());
                for (Change c : rows) {
                    assertEquals(txnOf(first), txnOf((RowChange) c), "rows of two transactions mixed at seq " + t.seq());
                }
            }
        }
    }

    /** After dedup by seq, the writer's transactions 1..n each appear exactly once, in commit order. */
    static void eachTransactionOnceInOrder(QueueDrain q, int n) {
        int expected = 1;
        for (Transaction t : q.transactions().values()) {
            int txn = txnOf((RowChange) t.changes().get(0));
            assertEquals(expected, txn, "transaction out of order, missing or repeated at seq " + t.seq());
            expected++;
        }
        assertEquals(n + 1, expected, "transactions received");
        assertTrue(q.transactions().size() == n);
    }

    /** Whether the last of n transactions has arrived. */
    static boolean hasTransaction(QueueDrain q, int txn) {
        return q.rows().stream().anyMatch(r -> r.after() != null && txnOf(r) == txn);
    }
}
