package dev.duplex.apply.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LanePlanTest {
    private static final List<String> COLS = List.of("id", "code", "v");
    /** t: primary key only; u: a unique secondary key on code; s: a text primary key; log: no key. */
    private static final TableInfo T = table("t", List.of(List.of("id")));
    private static final TableInfo U = table("u", List.of(List.of("id"), List.of("code")));
    private static final TableInfo S = table("s", List.of(List.of("code")));
    private static final TableInfo LOG = new TableInfo("shop", "log", List.of(new ColumnInfo("v", "int", "int", false)),
            List.of());

    private static TableInfo table(String name, List<List<String>> keys) {
        return new TableInfo("shop", name, List.of(new ColumnInfo("id", "int", "int", false),
                new ColumnInfo("code", "varchar", "varchar(20)", false), new ColumnInfo("v", "int", "int", false)), keys);
    }

    private static Transaction tx(long pos, Change... changes) {
        return new Transaction(Seq.ofTransaction(new BinlogPosition("bin.000001", pos), 0), "", pos, List.of(changes));
    }

    private static List<Value> row(long id, String code, long v) {
        return List.of(new Value.Int(id), code == null ? Value.Null.INSTANCE : new Value.Text(code), new Value.Int(v));
    }

    private static List<String> primary(String table) {
        return table.equals("s") ? List.of("code") : List.of("id");
    }

    private static RowChange insert(String table, long id, String code) {
        return RowChange.insert("shop", table, COLS, primary(table), row(id, code, 0));
    }

    private static RowChange update(String table, long id, String fromCode, String toCode) {
        return RowChange.update("shop", table, COLS, primary(table), row(id, fromCode, 0), row(id, toCode, 1));
    }

    private static RowChange delete(String table, long id, String code) {
        return RowChange.delete("shop", table, COLS, primary(table), row(id, code, 1));
    }

    private static Optional<LanePlan> plan(List<Transaction> txs) throws Exception {
        return LanePlan.of(txs, 4, 1, (db, table) -> switch (table) {
            case "t" -> T;
            case "u" -> U;
            case "s" -> S;
            default -> LOG;
        });
    }

    /** The lane each transaction went to, by its position in {@code txs}. */
    private static int[] laneOf(List<Transaction> txs, LanePlan plan) {
        int[] lane = new int[txs.size()];
        for (int l = 0; l < plan.lanes().size(); l++) {
            for (Transaction t : plan.lanes().get(l)) {
                lane[txs.indexOf(t)] = l;
            }
        }
        return lane;
    }

    @Test
    void shouldSpreadTransactionsOnDistinctKeysOverEveryLaneEachOnceInSourceOrder() throws Exception {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            txs.add(tx(i * 100L, insert("t", i, "c" + i)));
        }
        LanePlan p = plan(txs).orElseThrow();
        assertEquals(4, p.lanes().size());
        assertEquals(40, p.lanes().stream().mapToInt(List::size).sum());
        for (List<Transaction> lane : p.lanes()) {
            assertEquals(10, lane.size());
            for (int i = 1; i < lane.size(); i++) {
                assertTrue(lane.get(i - 1).seq().compareTo(lane.get(i).seq()) < 0, "source order within a lane");
            }
        }
    }

    @Test
    void shouldUseNoMoreLanesThanTheUnitHasRowsFor() throws Exception {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            txs.add(tx(i * 100L, insert("t", i, "c" + i)));
        }
        assertEquals(2, LanePlan.of(txs, 4, 20, (db, table) -> T).orElseThrow().lanes().size());
        assertTrue(LanePlan.of(txs, 4, 21, (db, table) -> T).isEmpty(), "40 rows make one lane of 21");
    }

    @Test
    void shouldKeepTransactionsOnOneRowInOneLane() throws Exception {
        List<Transaction> txs = List.of(tx(100, insert("t", 1, "a")), tx(200, insert("t", 2, "b")),
                tx(300, update("t", 1, "a", "a")), tx(400, delete("t", 1, "a")));
        int[] lane = laneOf(txs, plan(txs).orElseThrow());
        assertEquals(lane[0], lane[2]);
        assertEquals(lane[0], lane[3]);
        assertTrue(lane[0] != lane[1]);
    }

    @Test
    void shouldJoinATransactionToEveryOneItSharesAKeyWith() throws Exception {
        List<Transaction> txs = List.of(tx(100, insert("t", 1, "a")), tx(200, insert("t", 2, "b")),
                tx(300, update("t", 1, "a", "a"), update("t", 2, "b", "b")), tx(400, insert("t", 3, "c")));
        int[] lane = laneOf(txs, plan(txs).orElseThrow());
        assertEquals(lane[0], lane[1]);
        assertEquals(lane[0], lane[2]);
        assertTrue(lane[0] != lane[3]);
    }

    @Test
    void shouldKeepAUniqueKeySwapBetweenRowsAndEveryOtherWriterOfThatIndexInOneLane() throws Exception {
        // Row 1 gives its code to row 2 through a free value, in three transactions; row 3 is new:
        // InnoDB's duplicate check of its code locks the neighbouring entry, which a swap may hold.
        List<Transaction> txs = List.of(tx(100, update("u", 1, "x", "tmp")), tx(200, update("u", 2, "y", "x")),
                tx(300, update("u", 1, "tmp", "y")), tx(400, insert("u", 3, "z")), tx(500, insert("t", 9, "z")));
        int[] lane = laneOf(txs, plan(txs).orElseThrow());
        assertEquals(lane[0], lane[1]);
        assertEquals(lane[0], lane[2]);
        assertEquals(lane[0], lane[3]);
        assertTrue(lane[0] != lane[4]);
    }

    @Test
    void shouldLetUpdatesThatKeepTheirUniqueValueRunApart() throws Exception {
        List<Transaction> txs = List.of(tx(100, update("u", 1, "x", "x")), tx(200, update("u", 2, "y", "y")));
        assertEquals(2, plan(txs).orElseThrow().lanes().size());
    }

    @Test
    void shouldNotJoinRowsOverANullUniqueValue() throws Exception {
        List<Transaction> txs = List.of(tx(100, insert("u", 1, null)), tx(200, insert("u", 2, null)));
        assertEquals(2, plan(txs).orElseThrow().lanes().size());
    }

    @Test
    void shouldTreatTextsACollationMayCallEqualAsTheSameKey() throws Exception {
        List<Transaction> caseAndSpace = List.of(tx(100, insert("s", 1, "Ab")), tx(200, insert("s", 2, "aB  ")));
        assertTrue(plan(caseAndSpace).isEmpty(), "'Ab' and 'aB  ' are one value under a _ci PAD SPACE collation");
        List<Transaction> folded = List.of(tx(100, insert("s", 1, "ä")), tx(200, insert("s", 2, "ae")));
        assertTrue(plan(folded).isEmpty(), "ä and ae are one value under german2 collations");
        List<Transaction> distinct = List.of(tx(100, insert("s", 1, "ab")), tx(200, insert("s", 2, "abc")));
        assertTrue(plan(distinct).isPresent());
    }

    @Test
    void shouldKeepEveryTransactionOnATableWithoutKeyInOneLane() throws Exception {
        RowChange log = RowChange.insert("shop", "log", List.of("v"), List.of(), List.of(new Value.Int(1)));
        List<Transaction> txs = List.of(tx(100, log), tx(200, insert("t", 1, "a")), tx(300, log), tx(400, insert("t", 2, "b")));
        int[] lane = laneOf(txs, plan(txs).orElseThrow());
        assertEquals(lane[0], lane[2]);
        assertTrue(plan(List.of(tx(100, log), tx(200, log))).isEmpty());
    }
}
