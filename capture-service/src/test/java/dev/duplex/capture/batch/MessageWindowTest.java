package dev.duplex.capture.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.BinlogRange;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import dev.duplex.core.wire.BatchCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageWindowTest {
    private static final String FILE = "mysql-bin.000007";
    private static final String CHECKPOINT_FILE = "window-index.000001";
    private static final int MAX = 100_000;
    private final BatchCodec codec = new BatchCodec();

    private static Transaction tx(long pos, int fragment, int payloadChars) {
        List<Change> rows = List.of(RowChange.insert("shop", "orders", List.of("id", "note"), List.of("id"),
                List.of(new Value.Int(pos), new Value.Text("x".repeat(payloadChars)))));
        return new Transaction(Seq.ofTransaction(new BinlogPosition(FILE, pos), fragment), "0-1-" + pos, pos, rows);
    }

    private static Batch batch(String group, BatchKind kind, Batch.Fragment fragment, long pos, int txs, int chars) {
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < txs; i++) {
            list.add(tx(pos + 10L * i, fragment.index(), chars));
        }
        BinlogRange range = new BinlogRange(new BinlogPosition(FILE, pos), new BinlogPosition(FILE, pos + 10L * txs));
        return new Batch(Batch.V1, "shop", Direction.A2B, "a", group, list.get(txs - 1).seq(), range, kind, false,
                fragment, list);
    }

    private static Batch dml(String group, long pos) {
        return batch(group, BatchKind.DML, Batch.Fragment.WHOLE, pos, 1, 10);
    }

    /** The batches as the batcher hands them over, each checkpoint naming its place in the window. */
    private static List<Outgoing> window(List<Batch> batches) {
        List<Outgoing> out = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            out.add(new Outgoing(batches.get(i), new BinlogPosition(CHECKPOINT_FILE, i), Map.of()));
        }
        return out;
    }

    private static int anchor(Outgoing message) {
        return message.checkpoints() ? (int) message.resumeFrom().pos() : -1;
    }

    @Test
    void shouldSendALoneBatchAsItIs() {
        List<Outgoing> one = window(List.of(dml("a2b.shop.t1", 100)));
        assertSame(one, new MessageWindow(MAX).messages(one));
    }

    @Test
    void shouldGiveNoCheckpointForALoneFragmentThatIsNotTheLast() {
        Batch first = batch("t1", BatchKind.DML, new Batch.Fragment(0, false), 100, 1, 10);
        List<Outgoing> messages = new MessageWindow(MAX).messages(window(List.of(first)));

        assertEquals(List.of(first), messages.stream().map(Outgoing::batch).toList());
        assertEquals(List.of(-1), messages.stream().map(MessageWindowTest::anchor).toList(),
                "a window of one mid-transaction fragment follows the rule of longer windows");
    }

    @Test
    void shouldJoinEachGroupsBatchesAcrossTheOtherGroups() {
        List<Outgoing> w = window(List.of(dml("t1", 100), dml("t2", 200), dml("t1", 300), dml("t2", 400),
                dml("t1", 500)));
        List<Outgoing> messages = new MessageWindow(MAX).messages(w);

        assertEquals(2, messages.size());
        assertEquals("t1", messages.get(0).batch().group());
        assertEquals(List.of(100L, 300L, 500L), positions(messages.get(0).batch()));
        assertEquals(List.of(200L, 400L), positions(messages.get(1).batch()));
        assertEquals(0, anchor(messages.get(0)),
                "t2's first batch is not sent yet: only the first batch of the window is accepted as a whole");
        assertEquals(4, anchor(messages.get(1)), "everything in the window is sent");
    }

    @Test
    void shouldGiveNoCheckpointWhileAnEarlierBatchWaits() {
        // t1's batch at 100 is too big to join: t1's second message follows t2's, which began before it.
        List<Outgoing> w = window(List.of(dml("t2", 50), batch("t1", BatchKind.DML, Batch.Fragment.WHOLE, 100, 1,
                MAX * 2 / 3), dml("t2", 200), batch("t1", BatchKind.DML, Batch.Fragment.WHOLE, 300, 1, MAX * 2 / 3)));
        List<Outgoing> messages = new MessageWindow(MAX).messages(w);

        assertEquals(List.of("t1", "t2", "t1"), messages.stream().map(m -> m.batch().group()).toList());
        assertEquals(List.of(-1, 2, 3), messages.stream().map(MessageWindowTest::anchor).toList(),
                "t1's first message leaves t2's earlier batch unsent");
    }

    @Test
    void shouldNotCheckpointInsideAFragmentedTransaction() {
        List<Outgoing> w = window(List.of(batch("t1", BatchKind.DML, new Batch.Fragment(0, false), 100, 1, 10),
                dml("t2", 200), batch("t1", BatchKind.DML, new Batch.Fragment(1, true), 100, 1, 10)));
        List<Outgoing> messages = new MessageWindow(MAX).messages(w);

        assertEquals(3, messages.size(), "fragments travel alone");
        // t2's batch carries the checkpoint the batcher gave it (held back to the transaction t1
        // still has open); the first fragment's own position is inside its transaction.
        assertEquals(List.of(-1, 1, 2), messages.stream().map(MessageWindowTest::anchor).toList());
    }

    /** With one group the window joins neighbours as the publisher did, message for message. */
    @Test
    void shouldSendOneGroupsBatchesAsTheNeighbourJoiningDid() {
        Random random = new Random(7);
        List<Batch> batches = randomBatches(random, List.of("a2b"), 300);
        List<Outgoing> w = window(batches);
        List<Outgoing> messages = new MessageWindow(12_000).messages(w);

        List<Integer> ends = new ArrayList<>();
        List<Batch> expected = joinNeighbours(batches, 12_000, ends);
        assertEquals(expected, messages.stream().map(Outgoing::batch).toList());
        for (int i = 0; i < messages.size(); i++) {
            boolean whole = batches.get(ends.get(i)).fragment().last();
            assertEquals(whole ? ends.get(i) : -1, anchor(messages.get(i)),
                    "the checkpoint of the message's last batch, unless it is a fragment that is not the last");
        }
    }

    /**
     * Sends a random window of several groups message by message and checks what a crash after any
     * message would leave: each group's transactions once and in order, checkpoints only ever after
     * every batch before them was sent, moving forward, and the whole window covered at the end.
     */
    @Test
    void shouldKeepEachGroupsOrderAndCheckpointOnlyWhatWasSent() {
        long seed = Long.getLong("duplex.seed", System.nanoTime());
        System.out.println("MessageWindowTest seed " + seed + " (again: -Dduplex.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            List<String> groups = List.of("t1", "t2", "t3", "t4").subList(0, 1 + random.nextInt(4));
            List<Batch> batches = randomBatches(random, groups, 1 + random.nextInt(40));
            List<Outgoing> messages = new MessageWindow(12_000).messages(window(batches));

            Map<Transaction, Integer> indexOf = new HashMap<>();
            for (int i = 0; i < batches.size(); i++) {
                for (Transaction t : batches.get(i).transactions()) {
                    indexOf.put(t, i);
                }
            }
            boolean[] sent = new boolean[batches.size()];
            Map<String, List<Transaction>> byGroup = new LinkedHashMap<>();
            int given = -1;
            for (Outgoing m : messages) {
                assertTrue(codec.encode(m.batch()).length <= 12_000, "seed " + seed);
                byGroup.computeIfAbsent(m.batch().group(), g -> new ArrayList<>()).addAll(m.batch().transactions());
                m.batch().transactions().forEach(t -> sent[indexOf.get(t)] = true);
                if (m.checkpoints()) {
                    int at = anchor(m);
                    assertTrue(at > given, "checkpoints move forward, seed " + seed);
                    for (int i = 0; i <= at; i++) {
                        assertTrue(sent[i], "batch " + i + " unsent under checkpoint " + at + ", seed " + seed);
                    }
                    assertTrue(batches.get(at).fragment().last(), "seed " + seed);
                    given = at;
                }
            }
            for (String g : groups) {
                List<Transaction> in = batches.stream().filter(b -> b.group().equals(g))
                        .flatMap(b -> b.transactions().stream()).toList();
                assertEquals(in, byGroup.getOrDefault(g, List.of()), "group " + g + ", seed " + seed);
            }
            int lastWhole = batches.size() - 1;
            while (lastWhole >= 0 && !batches.get(lastWhole).fragment().last()) {
                lastWhole--;
            }
            assertEquals(lastWhole, given, "the window's last checkpoint is given, seed " + seed);
        }
    }

    private static List<Batch> randomBatches(Random random, List<String> groups, int count) {
        List<Batch> out = new ArrayList<>();
        Map<String, Integer> openFragment = new HashMap<>();
        long pos = 100;
        for (int i = 0; i < count; i++, pos += 1000) {
            String group = groups.get(random.nextInt(groups.size()));
            Integer fragment = openFragment.remove(group);
            int pick = random.nextInt(10);
            if (fragment != null || pick == 0) {
                int index = fragment == null ? 0 : fragment + 1;
                boolean last = random.nextBoolean();
                out.add(batch(group, BatchKind.DML, new Batch.Fragment(index, last), pos, 1, 10));
                if (!last) {
                    openFragment.put(group, index);
                }
            } else if (pick == 1) {
                out.add(batch(group, BatchKind.HEARTBEAT, Batch.Fragment.WHOLE, pos, 1, 1));
            } else {
                out.add(batch(group, BatchKind.DML, Batch.Fragment.WHOLE, pos, 1 + random.nextInt(3),
                        random.nextInt(3_000)));
            }
        }
        return out;
    }

    /** The publisher's joining before groups were joined apart: neighbours only, a refused batch begins the next. */
    private static List<Batch> joinNeighbours(List<Batch> batches, long max, List<Integer> ends) {
        List<Batch> out = new ArrayList<>();
        BatchMerger m = new BatchMerger(max);
        int i = 0;
        while (i < batches.size()) {
            m.begin(batches.get(i++));
            while (m.open() && i < batches.size() && m.add(batches.get(i))) {
                i++;
            }
            out.add(m.result());
            ends.add(i - 1);
        }
        return out;
    }

    private static List<Long> positions(Batch b) {
        return b.transactions().stream().map(t -> t.seq().pos()).toList();
    }
}
