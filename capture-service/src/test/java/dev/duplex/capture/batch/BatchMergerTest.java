package dev.duplex.capture.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.wire.BatchCodec;
import dev.duplex.core.wire.WireSize;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchMergerTest {
    private static final String FILE = "mysql-bin.000007";
    private static final int MAX = 100_000;
    private final BatchCodec codec = new BatchCodec();

    private static RowChange row(int id, int payloadChars) {
        return RowChange.insert("shop", "orders", List.of("id", "note"), List.of("id"),
                List.of(new Value.Int(id), new Value.Text("x".repeat(payloadChars))));
    }

    private static Transaction tx(long pos, int fragment, List<Change> changes) {
        return new Transaction(Seq.ofTransaction(new BinlogPosition(FILE, pos), fragment), "0-1-" + pos, pos * 1000,
                changes);
    }

    private static Batch batch(BatchKind kind, boolean catchUp, Batch.Fragment fragment, long pos,
                               List<Transaction> txs) {
        BinlogRange range = new BinlogRange(new BinlogPosition(FILE, pos, "0-1-" + (pos - 1)),
                new BinlogPosition(FILE, pos + 100L * txs.size(), "0-1-" + pos));
        return new Batch(Batch.V1, "shop", Direction.A2B, "a", "a2b", txs.get(txs.size() - 1).seq(), range,
                kind, catchUp, fragment, txs);
    }

    /** A DML batch of {@code txs} one-row transactions starting at {@code pos}, 100 positions apart. */
    private static Batch dml(long pos, int txs, int payloadChars, boolean catchUp) {
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < txs; i++) {
            list.add(tx(pos + 100L * i, 0, List.of(row((int) pos + i, payloadChars))));
        }
        return batch(BatchKind.DML, catchUp, Batch.Fragment.WHOLE, pos, list);
    }

    private static Batch dml(long pos) {
        return dml(pos, 1, 10, false);
    }

    private static Batch ddl(long pos) {
        return batch(BatchKind.DDL, false, Batch.Fragment.WHOLE, pos,
                List.of(tx(pos, 0, List.of(new DdlChange("shop", "ALTER TABLE orders ADD c INT")))));
    }

    private static Batch heartbeat(long pos) {
        return batch(BatchKind.HEARTBEAT, false, Batch.Fragment.WHOLE, pos, List.of(tx(pos, 0, List.of(row(1, 1)))));
    }

    private static Batch fragment(long pos, int index, boolean last) {
        return batch(BatchKind.DML, false, new Batch.Fragment(index, last), pos,
                List.of(tx(pos, index, List.of(row(index, 10)))));
    }

    @Test
    void shouldSendABatchAloneWhenNothingWaitsBehindIt() {
        BatchMerger m = new BatchMerger(MAX);
        Batch only = dml(100, 3, 10, false);
        m.begin(only);
        assertSame(only, m.result(), "the idle path sends the batch as it is");
        assertEquals(1, m.parts());
    }

    @Test
    void shouldJoinCompatibleBatchesInOrderWithTheLastSeqAndTheWholeRange() {
        BatchMerger m = new BatchMerger(MAX);
        Batch a = dml(100, 2, 10, false);
        Batch b = dml(1000, 1, 10, false);
        Batch c = dml(2000, 3, 10, false);
        m.begin(a);
        assertTrue(m.add(b));
        assertTrue(m.add(c));
        Batch merged = m.result();

        assertEquals(3, m.parts());
        List<Transaction> expected = new ArrayList<>(a.transactions());
        expected.addAll(b.transactions());
        expected.addAll(c.transactions());
        assertEquals(expected, merged.transactions());
        assertEquals(c.seq(), merged.seq());
        assertEquals(c.dedupId(), merged.dedupId());
        assertEquals(new BinlogRange(a.range().from(), c.range().to()), merged.range());
        assertEquals(BatchKind.DML, merged.kind());
        assertEquals(Batch.Fragment.WHOLE, merged.fragment());
        assertFalse(merged.catchUp());
        assertEquals(merged, codec.decode(codec.encode(merged)), "a joined batch is an ordinary wire v1 batch");
    }

    @Test
    void shouldKeepTheCatchUpFlagOfJoinedCatchUpBatches() {
        BatchMerger m = new BatchMerger(MAX);
        m.begin(dml(100, 1, 10, true));
        assertTrue(m.add(dml(200, 1, 10, true)));
        assertTrue(m.result().catchUp());
    }

    @Test
    void shouldStopAtTheSizeLimitAndStayWithinItOnceEncoded() {
        int max = 8_000;
        BatchMerger m = new BatchMerger(max);
        m.begin(dml(100, 1, 2_000, false));
        int joined = 1;
        long pos = 1000;
        while (m.add(dml(pos, 1, 2_000, false))) {
            joined++;
            pos += 1000;
        }
        assertTrue(joined >= 2, "two small batches fit: " + joined);
        assertEquals(joined, m.parts());
        assertTrue(codec.encode(m.result()).length <= max, "encoded " + codec.encode(m.result()).length);
        assertTrue(codec.encode(withOneMore(m.result(), dml(pos, 1, 2_000, false))).length > max - 2_500,
                "refused only when the next one would not fit");
    }

    private static Batch withOneMore(Batch merged, Batch next) {
        List<Transaction> txs = new ArrayList<>(merged.transactions());
        txs.addAll(next.transactions());
        return new Batch(Batch.V1, "shop", Direction.A2B, "a", "a2b", next.seq(),
                new BinlogRange(merged.range().from(), next.range().to()), BatchKind.DML, false,
                Batch.Fragment.WHOLE, txs);
    }

    @Test
    void shouldNeverJoinDdlHeartbeatOrFragments() {
        BatchMerger m = new BatchMerger(MAX);
        for (Batch alone : List.of(ddl(100), heartbeat(100), fragment(100, 0, false), fragment(100, 2, true))) {
            m.begin(alone);
            assertFalse(m.open(), alone.kind() + " " + alone.fragment() + " travels alone");
            assertFalse(m.add(dml(5000)));
            assertSame(alone, m.result());
        }
        for (Batch alone : List.of(ddl(5000), heartbeat(5000), fragment(5000, 0, false), fragment(5000, 1, true))) {
            m.begin(dml(100));
            assertFalse(m.add(alone), "a DML batch does not take " + alone.kind() + " " + alone.fragment());
            assertEquals(1, m.parts());
        }
    }

    @Test
    void shouldNeverJoinCatchUpWithNormalBatches() {
        BatchMerger m = new BatchMerger(MAX);
        m.begin(dml(100, 1, 10, true));
        assertFalse(m.add(dml(200, 1, 10, false)));
        m.begin(dml(100, 1, 10, false));
        assertFalse(m.add(dml(200, 1, 10, true)));
    }

    @Test
    void shouldNotJoinABatchThatDoesNotFollowTheMessage() {
        BatchMerger m = new BatchMerger(MAX);
        m.begin(dml(1000));
        assertFalse(m.add(dml(100)), "an earlier batch would break the seq order");
        assertFalse(m.add(dml(1000)), "the same transaction again");
    }

    /**
     * Drives the merger as the publisher does (a refused batch is carried over and begins the
     * next message) over a random mix: every transaction comes out once, in order, and no message
     * mixes kinds, catch-up flags or fragments, or exceeds the limit.
     */
    @Test
    void shouldKeepEveryTransactionInOrderAcrossCarriedOverBatches() {
        Random random = new Random(42);
        List<Batch> queue = new ArrayList<>();
        long pos = 100;
        for (int i = 0; i < 500; i++, pos += 1000) {
            int pick = random.nextInt(10);
            queue.add(switch (pick) {
                case 0 -> ddl(pos);
                case 1 -> heartbeat(pos);
                case 2 -> fragment(pos, random.nextInt(3), random.nextBoolean());
                default -> dml(pos, 1 + random.nextInt(3), random.nextInt(3_000), pick == 3 && i < 250);
            });
        }
        int max = 12_000;
        List<Batch> messages = publishAll(new ArrayDeque<>(queue), new BatchMerger(max));

        List<Transaction> in = queue.stream().flatMap(b -> b.transactions().stream()).toList();
        List<Transaction> out = messages.stream().flatMap(b -> b.transactions().stream()).toList();
        assertEquals(in, out);
        assertTrue(messages.size() < queue.size(), "some batches were joined");
        Map<Transaction, Batch> cutIn = new HashMap<>();
        queue.forEach(b -> b.transactions().forEach(t -> cutIn.put(t, b)));
        for (Batch msg : messages) {
            assertTrue(codec.encode(msg).length <= max);
            List<Batch> parts = msg.transactions().stream().map(cutIn::get).distinct().toList();
            if (parts.size() > 1) {
                for (Batch part : parts) {
                    assertTrue(BatchMerger.joinable(part), "only whole DML batches are joined: " + part.kind());
                    assertEquals(msg.catchUp(), part.catchUp(), "catch-up and normal batches stay apart");
                }
            }
        }
        for (Batch alone : queue.stream().filter(b -> !BatchMerger.joinable(b)).toList()) {
            assertTrue(messages.contains(alone), "travels as it was cut: " + alone.kind() + " " + alone.fragment());
        }
    }

    private static List<Batch> publishAll(Deque<Batch> queue, BatchMerger m) {
        List<Batch> messages = new ArrayList<>();
        Batch carry = null;
        while (carry != null || !queue.isEmpty()) {
            m.begin(carry != null ? carry : queue.poll());
            carry = null;
            while (m.open() && !queue.isEmpty()) {
                Batch next = queue.poll();
                if (!m.add(next)) {
                    carry = next;
                    break;
                }
            }
            messages.add(m.result());
        }
        return messages;
    }

    @Test
    void joinsTheBatchersBatchesByTheSizeTheBatcherCounted() {
        Batcher batcher = new Batcher(new BatchSettings("shop", Direction.A2B, null, MAX, Duration.ZERO));
        List<Batch> cut = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Transaction t = tx(1000 + 100L * i, 0, List.of(row(i, 300 + 97 * i)));
            cut.addAll(batcher.add(new SelectedTransaction(t, BatchKind.DML,
                    new BinlogPosition(FILE, 1000 + 100L * i), new BinlogPosition(FILE, 1100 + 100L * i)), i));
            List<Batch> due = batcher.poll(i % 3 == 0 ? i : 0);
            for (Batch b : due) {
                long counted = b.transactions().stream().mapToLong(WireSize::transaction).sum();
                assertEquals(counted, BatchSizes.transactionBytes(b), "the batcher remembered what the merger counts");
            }
            cut.addAll(due);
        }
        cut.addAll(batcher.flush());
        assertTrue(cut.size() > 10 && cut.size() < 20, cut.size() + " batches");
        // The same batches as new objects (nothing remembered of them) are joined alike.
        List<Batch> fresh = cut.stream().map(b -> new Batch(b.formatVersion(), b.task(), b.direction(), b.origin(),
                b.group(), b.seq(), b.range(), b.kind(), b.catchUp(), b.fragment(), b.transactions(), b.chain())).toList();
        assertEquals(-1, BatchSizes.transactionBytes(fresh.get(0)));
        assertEquals(merged(cut, MAX / 3), merged(fresh, MAX / 3));
    }

    private static List<Integer> merged(List<Batch> batches, int maxBytes) {
        BatchMerger merger = new BatchMerger(maxBytes);
        List<Integer> parts = new ArrayList<>();
        int i = 0;
        while (i < batches.size()) {
            merger.begin(batches.get(i++));
            while (merger.open() && i < batches.size() && merger.add(batches.get(i))) {
                i++;
            }
            parts.add(merger.parts());
        }
        return parts;
    }
}
