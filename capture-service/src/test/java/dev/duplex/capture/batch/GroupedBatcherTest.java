package dev.duplex.capture.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.capture.filter.SelectedTransaction;
import dev.duplex.core.model.Batch;
import dev.duplex.core.model.BatchKind;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.Direction;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Message groups on the capture side: a transaction split by group, a chain per group, and a
 * checkpoint that never passes a transaction some group has not cut yet.
 */
class GroupedBatcherTest {
    private static final String FILE = "mysql-bin.000002";
    private static final String A = "a2b";
    private static final String T2 = "a2b.t2";
    private static final BatchSettings SETTINGS = new BatchSettings("shop", Direction.A2B, null, 100_000,
            Duration.ofMillis(20));
    /** Rows of table t2 go to their own group, the rest to the default one. */
    private static final Function<RowChange, String> BY_TABLE = row -> row.table().equals("t2") ? T2 : A;

    private static BinlogPosition at(long pos) {
        return new BinlogPosition(FILE, pos);
    }

    private static RowChange row(String table, long id) {
        return RowChange.insert("shop", table, List.of("id"), List.of("id"), List.of(new Value.Int(id)));
    }

    /** A transaction at {@code pos}, 50 bytes long in the binlog. */
    private static SelectedTransaction tx(long pos, BatchKind kind, Change... changes) {
        return new SelectedTransaction(new Transaction(Seq.ofTransaction(at(pos), 0), "", 0, List.of(changes)), kind,
                at(pos), at(pos + 50));
    }

    private static SelectedTransaction dml(long pos, Change... changes) {
        return tx(pos, BatchKind.DML, changes);
    }

    private static Batch.Chain chain(Seq prev) {
        return new Batch.Chain("c1", "src", prev);
    }

    private static GroupedBatcher twoGroups(Map<String, Batch.Chain> chains) {
        return new GroupedBatcher(SETTINGS, null, chains, () -> false, BY_TABLE);
    }

    @Test
    void shouldCutWhatTheBatcherCutsWithItsResumePositionsWhenThereIsOneGroup() {
        Batcher plain = new Batcher(SETTINGS, null, chain(Seq.ZERO));
        GroupedBatcher grouped = new GroupedBatcher(SETTINGS, null, chain(Seq.ZERO), () -> false);
        List<Batch> expected = new ArrayList<>();
        List<Outgoing> got = new ArrayList<>();
        long[] times = {0, 5_000_000, 30_000_000, 31_000_000, 90_000_000};
        for (int i = 0; i < times.length; i++) {
            SelectedTransaction t = i == 3 ? tx(100L * (i + 1), BatchKind.HEARTBEAT, row("heartbeat", i))
                    : dml(100L * (i + 1), row("t1", i), row("t2", i));
            expected.addAll(plain.add(t, times[i]));
            expected.addAll(plain.poll(times[i]));
            got.addAll(grouped.add(t, times[i]));
            got.addAll(grouped.poll(times[i]));
        }
        expected.addAll(plain.flush());
        got.addAll(grouped.flush());
        assertEquals(expected, got.stream().map(Outgoing::batch).toList());
        assertEquals(expected.stream().map(Batch::resumePosition).toList(),
                got.stream().map(Outgoing::resumeFrom).toList());
    }

    @Test
    void shouldSplitATransactionByGroupKeepingItsSeqAndChainEachGroupOnItsOwn() {
        GroupedBatcher b = twoGroups(Map.of(A, chain(Seq.ZERO)));
        b.add(dml(100, row("t1", 1), row("t2", 1), row("t1", 2)), 0);
        b.add(dml(200, row("t2", 2)), 0);
        List<Batch> cut = b.flush().stream().map(Outgoing::batch).toList();

        assertEquals(List.of(A, T2), cut.stream().map(Batch::group).toList());
        Batch a = cut.get(0);
        Batch t2 = cut.get(1);
        assertEquals(List.of(Seq.ofTransaction(at(100), 0)), a.transactions().stream().map(Transaction::seq).toList());
        assertEquals(List.of(row("t1", 1), row("t1", 2)), a.transactions().get(0).changes());
        assertEquals(List.of(Seq.ofTransaction(at(100), 0), Seq.ofTransaction(at(200), 0)),
                t2.transactions().stream().map(Transaction::seq).toList(), "the part keeps its transaction's seq");
        assertEquals(Seq.ZERO, a.chain().prev());
        assertEquals(Seq.ZERO, t2.chain().prev(), "a group new to the chain starts after zero");
        assertEquals("c1", t2.chain().id());
    }

    @Test
    void shouldKeepWhereEachGroupsFirstBatchBeganForARestartWhoseQueueKeptNothing() {
        GroupedBatcher b = new GroupedBatcher(SETTINGS, null, Map.of(A, chain(Seq.ZERO)), Map.of(A, at(40)),
                () -> false, BY_TABLE);
        b.add(dml(100, row("t1", 1)), 0);
        List<Outgoing> first = b.flush();
        assertEquals(Map.of(A, at(40)), first.get(0).groupStarts(), "the checkpoint's start of the default group kept");
        b.add(dml(200, row("t1", 2), row("t2", 1)), 0);
        b.add(dml(300, row("t2", 2)), 0);
        List<Outgoing> later = b.flush();
        assertEquals(Map.of(A, at(40), T2, at(200)), later.get(later.size() - 1).groupStarts(),
                "a new group starts where its first transaction begins, and keeps it");
        b.add(dml(400, row("t2", 3)), 0);
        assertEquals(Map.of(A, at(40), T2, at(200)), b.flush().get(0).groupStarts());
    }

    @Test
    void shouldHoldTheCheckpointBeforeATransactionAnotherGroupHasNotCut() {
        GroupedBatcher b = twoGroups(Map.of(A, chain(Seq.ZERO)));
        b.add(dml(50, row("t2", 1)), 0);
        b.add(dml(100, row("t1", 1), row("t2", 2)), 10_000_000); // both groups hold a part of it
        List<Outgoing> due = b.poll(25_000_000); // the t2 group's linger is over, the default group's is not

        assertEquals(List.of(T2), due.stream().map(o -> o.batch().group()).toList());
        assertEquals(at(150), due.get(0).batch().resumePosition());
        assertEquals(at(100), due.get(0).resumeFrom(),
                "the default group still lingers on its part of the transaction at 100");
        List<Outgoing> rest = b.flush();
        assertEquals(at(150), rest.get(0).resumeFrom(), "everything is cut once the default group's batch is");
    }

    @Test
    void shouldNotCheckpointBeforeTheOtherPartsOfItsTransactionAreCut() {
        GroupedBatcher b = twoGroups(Map.of(A, chain(Seq.ZERO)));
        b.add(dml(100, row("t1", 1), row("t2", 1)), 0);
        List<Outgoing> all = b.flush();
        assertEquals(List.of(A, T2), all.stream().map(o -> o.batch().group()).toList());
        assertEquals(at(100), all.get(0).resumeFrom(), "the t2 group's part of the transaction is cut after it");
        assertEquals(at(150), all.get(1).resumeFrom());
    }

    @Test
    void shouldNotCheckpointPastAPartCutLaterInTheSameCall() {
        GroupedBatcher b = twoGroups(Map.of(A, chain(Seq.ZERO)));
        b.add(dml(100, row("t1", 1)), 0);
        b.add(dml(200, row("t2", 2)), 0);
        // A heartbeat goes to every group: each flushes its pending batch first.
        List<Outgoing> cut = b.add(tx(300, BatchKind.HEARTBEAT, row("heartbeat", 1)), 0);

        assertEquals(List.of(A, A, T2, T2), cut.stream().map(o -> o.batch().group()).toList());
        assertEquals(List.of(BatchKind.DML, BatchKind.HEARTBEAT, BatchKind.DML, BatchKind.HEARTBEAT),
                cut.stream().map(o -> o.batch().kind()).toList());
        assertEquals(List.of(at(150), at(200), at(250), at(350)), cut.stream().map(Outgoing::resumeFrom).toList(),
                "the default group's heartbeat is accepted before the t2 group's row at 200 is sent");
        assertEquals(Map.of(A, Seq.ofTransaction(at(300), 0), T2, Seq.ofTransaction(at(200), 0)),
                cut.get(2).groupSeqs());
    }

    @Test
    void shouldDropWhatEachGroupHadAcceptedBeforeARestart() {
        // The checkpoint resumes at 100: the default group had accepted up to 200, the t2 group up to 100.
        GroupedBatcher b = twoGroups(Map.of(A, chain(Seq.ofTransaction(at(200), 0)),
                T2, chain(Seq.ofTransaction(at(100), 0))));
        b.add(dml(100, row("t1", 1), row("t2", 1)), 0);
        b.add(dml(200, row("t1", 2), row("t2", 2)), 0);
        b.add(dml(300, row("t1", 3), row("t2", 3)), 0);
        List<Batch> cut = b.flush().stream().map(Outgoing::batch).toList();

        assertEquals(List.of(A, T2), cut.stream().map(Batch::group).toList());
        assertEquals(List.of(Seq.ofTransaction(at(200), 0), Seq.ofTransaction(at(300), 0)),
                cut.get(0).transactions().stream().map(Transaction::seq).toList(),
                "what began before the last accepted transaction is dropped; that one is sent again");
        assertEquals(Seq.ofTransaction(at(200), 0), cut.get(0).chain().prev());
        assertEquals(List.of(Seq.ofTransaction(at(100), 0), Seq.ofTransaction(at(200), 0),
                Seq.ofTransaction(at(300), 0)), cut.get(1).transactions().stream().map(Transaction::seq).toList());
        assertEquals(Seq.ofTransaction(at(100), 0), cut.get(1).chain().prev());
    }

    @Test
    void shouldSendAgainTheWholeTransactionATargetAppliedOnlyFragmentsOf() {
        // The target applied fragments 0 to 2 of the transaction at 200, larger than a message.
        GroupedBatcher b = new GroupedBatcher(SETTINGS, null, chain(Seq.ofTransaction(at(200), 2)), () -> false);
        b.add(dml(100, row("t1", 1)), 0);
        b.add(dml(200, row("t1", 2), row("t1", 3)), 0);
        List<Batch> cut = b.flush().stream().map(Outgoing::batch).toList();
        assertEquals(List.of(Seq.ofTransaction(at(200), 0)),
                cut.stream().flatMap(x -> x.transactions().stream()).map(Transaction::seq).toList(),
                "its other fragments were never applied: dropping it would lose them");
    }

    @Test
    void shouldSendDdlInTheDefaultGroupAfterEveryGroupsPendingRowsAndAHeartbeatToEveryGroup() {
        GroupedBatcher b = twoGroups(Map.of(A, chain(Seq.ZERO)));
        b.add(dml(100, row("t2", 1)), 0);
        List<Outgoing> ddl = b.add(tx(200, BatchKind.DDL, row("t2", 2)), 0);
        assertEquals(List.of(T2, A), ddl.stream().map(o -> o.batch().group()).toList(),
                "t2's row before the statement is cut before it, not after it on its linger");
        assertEquals(Seq.ofTransaction(at(100), 0), ddl.get(1).groupSeqs().get(T2),
                "what t2 must have applied before the statement may be sent");
        assertEquals(at(250), ddl.get(1).resumeFrom());
        List<Outgoing> beat = b.add(tx(300, BatchKind.HEARTBEAT, row("heartbeat", 1)), 0);
        assertEquals(List.of(A, T2), beat.stream().map(o -> o.batch().group()).toList());
        assertEquals(at(350), beat.get(1).resumeFrom());
    }

    @Test
    void shouldLeaveDdlAloneWhenThereIsOneGroup() {
        GroupedBatcher b = new GroupedBatcher(SETTINGS, null, chain(Seq.ZERO), () -> false);
        b.add(dml(100, row("t1", 1)), 0);
        List<Outgoing> ddl = b.add(tx(200, BatchKind.DDL, row("t1", 2)), 0);
        assertEquals(List.of(Seq.ofTransaction(at(100), 0), Seq.ofTransaction(at(200), 0)),
                ddl.stream().map(o -> o.batch().seq()).toList(), "the one batcher cuts its rows before the statement");
    }

    @Test
    void shouldSendEachHeartbeatToFiftyOfAHundredAndTwentyGroupsInTurn() {
        Map<String, Batch.Chain> chains = new HashMap<>();
        for (int t = 0; t < 120; t++) {
            chains.put("a2b.t" + t, chain(Seq.ZERO));
        }
        GroupedBatcher b = new GroupedBatcher(SETTINGS, null, chains, () -> false, row -> "a2b.t" + row.table());
        Map<String, Integer> beats = new HashMap<>();
        for (int tick = 0; tick < 12; tick++) {
            List<Outgoing> cut = b.add(tx(1000L + 100 * tick, BatchKind.HEARTBEAT, row("heartbeat", tick)), 0);
            List<String> groups = cut.stream().map(o -> o.batch().group()).toList();
            assertEquals(50, groups.size(), "tick " + tick);
            assertEquals(groups.size(), Set.copyOf(groups).size(), "one heartbeat a group in a tick");
            groups.forEach(g -> beats.merge(g, 1, Integer::sum));
        }
        // 121 groups (the default one too), 600 heartbeats: each group gets 4 or 5, none is left out.
        assertEquals(121, beats.size());
        assertTrue(beats.values().stream().allMatch(n -> n == 4 || n == 5), beats.toString());
    }
}
