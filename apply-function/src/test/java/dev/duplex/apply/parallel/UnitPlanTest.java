package dev.duplex.apply.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.sql.ColumnInfo;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.BinlogPosition;
import dev.duplex.core.model.Change;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Seq;
import dev.duplex.core.model.Transaction;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnitPlanTest {
    private static final List<String> COLS = List.of("id", "v");
    private static final TableInfo T = new TableInfo("shop", "t", List.of(new ColumnInfo("id", "int", "int", false),
            new ColumnInfo("v", "int", "int", false)), List.of(List.of("id")));

    private static Transaction tx(long pos, Change... changes) {
        return new Transaction(Seq.ofTransaction(new BinlogPosition("bin.000001", pos), 0), "", pos, List.of(changes));
    }

    private static RowChange update(long id) {
        return RowChange.update("shop", "t", COLS, List.of("id"), List.of(new Value.Int(id), new Value.Int(0)),
                List.of(new Value.Int(id), new Value.Int(1)));
    }

    /**
     * Like sysbench's default key choice (rand-type special: 75 % of the picks among 1 % of the rows;
     * 4 tables of 50,000): three of four picks among 2,000 hot rows, the rest among 198,000.
     */
    private static List<Transaction> skewed(int transactions, long seed) {
        Random random = new Random(seed);
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= transactions; i++) {
            Change[] rows = new Change[3];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = update(random.nextInt(4) < 3 ? random.nextInt(2_000) : 2_000 + random.nextInt(198_000));
            }
            txs.add(tx(i * 100L, rows));
        }
        return txs;
    }

    private static int largestLaneRows(LanePlan plan) {
        return plan.lanes().stream().mapToInt(l -> l.stream().mapToInt(Transaction::rowCount).sum()).max().orElse(0);
    }

    @Test
    void shouldSplitIntoConsecutiveRunsOfAtLeastTheSegmentRowsNeverCuttingATransaction() {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            txs.add(tx(i * 100L, update(i), update(i + 1000))); // 2 rows each: 50 rows
        }
        List<List<Transaction>> runs = UnitPlan.split(txs, 10);
        assertEquals(5, runs.size());
        assertEquals(txs, runs.stream().flatMap(List::stream).toList(), "every transaction once, in source order");
        List<List<Transaction>> tail = UnitPlan.split(txs.subList(0, 13), 10); // 26 rows: 10, 10 and 6
        assertEquals(3, tail.size(), "a last run of at least half the size stands alone");
        assertEquals(2, UnitPlan.split(txs.subList(0, 12), 10).size(), "24 rows: the last 4 join the run before");
    }

    @Test
    void shouldSpreadASkewedUnitThatOneLanePlanWouldLeaveToOneLane() throws Exception {
        List<Transaction> txs = skewed(3_000, 20L);
        int rows = txs.stream().mapToInt(Transaction::rowCount).sum();
        LanePlan whole = LanePlan.of(txs, 4, 50, (db, table) -> T).orElseThrow();
        assertTrue(largestLaneRows(whole) > rows * 0.9, "over the whole unit the hot rows join nearly everything: "
                + largestLaneRows(whole) + " of " + rows + " rows in one lane");
        UnitPlan segmented = UnitPlan.of(txs, 4, 50, 1_000, (db, table) -> T).orElseThrow();
        int longest = segmented.segments().stream().mapToInt(UnitPlanTest::largestLaneRows).sum();
        assertTrue(longest < rows * 0.6, "the segments' longest lanes together hold " + longest + " of " + rows);
        assertEquals(txs, segmented.segments().stream().flatMap(s -> s.lanes().stream().flatMap(List::stream))
                .sorted((a, b) -> a.seq().compareTo(b.seq())).toList(), "every transaction once");
    }

    @Test
    void shouldLeaveASmallUnitThatCannotSpreadToTheOneConnection() throws Exception {
        List<Transaction> txs = List.of(tx(100, update(1)), tx(200, update(1)), tx(300, update(1)));
        assertTrue(UnitPlan.of(txs, 4, 1, 1_000, (db, table) -> T).isEmpty());
    }

    @Test
    void shouldKeepASegmentThatCannotSpreadInOneLaneBetweenOthers() throws Exception {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            txs.add(tx(i * 100L, update(i))); // 40 distinct rows: spreads
        }
        for (int i = 41; i <= 80; i++) {
            txs.add(tx(i * 100L, update(7))); // one hot row: one lane
        }
        UnitPlan p = UnitPlan.of(txs, 4, 1, 40, (db, table) -> T).orElseThrow();
        assertEquals(2, p.segments().size());
        assertEquals(4, p.segments().get(0).lanes().size());
        assertEquals(1, p.segments().get(1).lanes().size());
        assertEquals(4, p.width());
    }

    /** The lane (numbered over the segments) that applies {@code tx}. */
    private static int laneOf(UnitPlan p, Transaction tx) {
        for (int n = 0; n < p.waits().size(); n++) {
            if (p.lane(n).contains(tx)) {
                return n;
            }
        }
        throw new AssertionError("not planned: " + tx);
    }

    @Test
    void shouldLetALaterSegmentsLaneWaitOnlyForTheEarlierLanesItSharesARowWith() throws Exception {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            txs.add(tx(i * 100L, update(i))); // segment 1: rows 1-40
        }
        Transaction again = tx(4_100, update(7), update(1_001)); // segment 2 touches row 7 once more
        txs.add(again);
        for (int i = 42; i <= 80; i++) {
            txs.add(tx(i * 100L, update(1_000 + i))); // and otherwise rows of its own
        }
        UnitPlan p = UnitPlan.of(txs, 4, 1, 40, (db, table) -> T).orElseThrow();
        assertEquals(2, p.segments().size());
        assertEquals(8, p.waits().size());
        int first = laneOf(p, txs.get(6));
        int second = laneOf(p, again);
        assertTrue(first < 4 && second >= 4);
        for (int n = 0; n < 8; n++) {
            assertEquals(n == second ? Set.of(first) : Set.of(), p.waits().get(n), "lane " + n);
        }
    }

    @Test
    void shouldOrderEveryLaneOfATableWithoutKeyAfterTheLastOneBefore() throws Exception {
        TableInfo noKey = new TableInfo("shop", "t", T.columns(), List.of());
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= 80; i++) {
            txs.add(tx(i * 100L, update(i)));
        }
        UnitPlan p = UnitPlan.of(txs, 4, 1, 40, (db, table) -> noKey).orElseThrow();
        assertEquals(List.of(Set.of(), Set.of(0)), p.waits(), "a keyless table: one lane per segment, in order");
    }

    @Test
    void shouldStartLanesOnlyAfterTheLanesTheyWaitForCommitted() {
        LaneSchedule s = new LaneSchedule(List.of(Set.of(), Set.of(), Set.of(0), Set.of(0, 1), Set.of()));
        assertEquals(0, s.take());
        assertEquals(1, s.take());
        assertEquals(4, s.take());
        assertFalse(s.hasReady());
        s.committed(0);
        assertEquals(2, s.take());
        assertFalse(s.hasReady(), "lane 3 still waits for lane 1");
        s.committed(1);
        assertEquals(3, s.take());
    }
}
