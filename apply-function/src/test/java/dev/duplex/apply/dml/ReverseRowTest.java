package dev.duplex.apply.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.sql.ColumnInfo;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.error.FatalException;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.RemovedColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The column-matching rules for rows node b wrote in an older shape than node a's table. */
class ReverseRowTest {

    private static ColumnInfo col(String name) {
        return new ColumnInfo(name, "int", "int(11)", false, false, true, false);
    }

    private static ColumnInfo notNullWithoutDefault(String name, String type) {
        return new ColumnInfo(name, type, type, false, false, false, false);
    }

    private static TableInfo table(List<List<String>> keys, ColumnInfo... columns) {
        return new TableInfo("db", "t", List.of(columns), keys);
    }

    private static Map<String, RemovedColumn> records(RemovedColumn... removed) {
        Map<String, RemovedColumn> out = new HashMap<>();
        for (RemovedColumn r : removed) {
            out.put(r.name().toLowerCase(), r);
        }
        return out;
    }

    private static List<Value> ints(long... v) {
        List<Value> out = new ArrayList<>();
        for (long x : v) {
            out.add(new Value.Int(x));
        }
        return out;
    }

    private static RowChange update(List<String> cols, List<String> key, List<Value> before, List<Value> after) {
        return RowChange.update("db", "t", cols, key, before, after);
    }

    @Test
    void shouldLeaveARowOfTheCurrentShapeAsItIs() {
        TableInfo a = table(List.of(List.of("id")), col("id"), col("v"));
        RowChange row = RowChange.insert("db", "t", List.of("ID", "v"), List.of("ID"), ints(1, 2));
        assertTrue(ReverseRow.missing(row, a).isEmpty(), "names compare without case");
    }

    @Test
    void shouldLeaveOutAColumnNodeADroppedAndFollowOneItRenamedThroughEveryRename() {
        TableInfo a = table(List.of(List.of("id")), col("id"), col("v"), col("Total"));
        RowChange row = update(List.of("id", "v", "gone", "price"), List.of("id"), ints(1, 2, 3, 4), ints(1, 5, 6, 7));
        ReverseRow.Result r = ReverseRow.reshape(row, a, records(RemovedColumn.dropped("gone"),
                RemovedColumn.renamed("price", "amount"), RemovedColumn.renamed("amount", "total")));
        assertEquals(List.of(), r.unresolved());
        assertEquals(List.of("id", "v", "Total"), r.change().columns(), "a's spelling of the renamed column");
        assertEquals(ints(1, 2, 4), r.change().before());
        assertEquals(ints(1, 5, 7), r.change().after());
        assertEquals(List.of("id"), r.change().keyColumns());
    }

    @Test
    void shouldNameTheColumnsNoRecordExplains() {
        TableInfo a = table(List.of(List.of("id")), col("id"), col("y"));
        RowChange row = RowChange.insert("db", "t", List.of("id", "x", "z"), List.of("id"), ints(1, 2, 3));
        ReverseRow.Result r = ReverseRow.reshape(row, a, records(RemovedColumn.dropped("z")));
        assertEquals(List.of("x"), r.unresolved(), "x may be a drop or a rename: the caller waits or stops");
        assertNull(r.change());
        ReverseRow.Result circle = ReverseRow.reshape(row, a, records(RemovedColumn.dropped("z"),
                RemovedColumn.renamed("x", "w"), RemovedColumn.renamed("w", "x")));
        assertEquals(List.of("x"), circle.unresolved(), "renames that never land on a's columns");
    }

    @Test
    void shouldGiveTheRenamedValueTheNameWhenTheRowStillHasAnOlderColumnOfThatName() {
        // a: DROP y, then RENAME x TO y; b's old row has both x and y.
        TableInfo a = table(List.of(List.of("id")), col("id"), col("y"));
        RowChange row = RowChange.insert("db", "t", List.of("id", "x", "y"), List.of("id"), ints(1, 10, 20));
        ReverseRow.Result r = ReverseRow.reshape(row, a, records(RemovedColumn.renamed("x", "y")));
        assertEquals(List.of("id", "y"), r.change().columns());
        assertEquals(ints(1, 10), r.change().after());
    }

    @Test
    void shouldAddressARowByItsRenamedKey() {
        TableInfo a = table(List.of(List.of("pk")), col("pk"), col("v"));
        RowChange row = update(List.of("id", "v"), List.of("id"), ints(1, 2), ints(1, 3));
        RowChange shaped = ReverseRow.reshape(row, a, records(RemovedColumn.renamed("id", "pk"))).change();
        assertEquals(List.of("pk"), shaped.keyColumns());
        RowTarget target = RowTarget.of(shaped, a, new ArrayList<>(), true);
        assertEquals(List.of("pk"), target.keyColumns());
        assertEquals(ints(1), target.beforeKey());
    }

    @Test
    void shouldAddressARowWhoseKeyColumnWasDroppedByAUniqueKeyOfNodeAItCovers() {
        TableInfo a = table(List.of(List.of("code")), col("code"), col("v"));
        RowChange row = update(List.of("id", "code", "v"), List.of("id"), ints(1, 7, 2), ints(1, 7, 3));
        RowChange shaped = ReverseRow.reshape(row, a, records(RemovedColumn.dropped("id"))).change();
        assertEquals(List.of(), shaped.keyColumns());
        RowTarget target = RowTarget.of(shaped, a, new ArrayList<>(), true);
        assertEquals(List.of("code"), target.keyColumns());
        assertTrue(target.keyIsUnique());
    }

    @Test
    void shouldRefuseARowWhoseKeyWasDroppedWhenItCoversNoneOfNodeAsUniqueKeys() {
        TableInfo a = table(List.of(List.of("other")), col("other"), col("v"));
        RowChange row = update(List.of("id", "v"), List.of("id"), ints(1, 2), ints(1, 3));
        FatalException e = assertThrows(FatalException.class,
                () -> ReverseRow.reshape(row, a, records(RemovedColumn.dropped("id"))));
        assertTrue(e.getMessage().contains("keyed on [id], which node a dropped"), e.getMessage());
        TableInfo keyless = table(List.of(), col("v"));
        RowChange onKeyless = ReverseRow.reshape(row, keyless, records(RemovedColumn.dropped("id"))).change();
        assertEquals(List.of("v"), RowTarget.of(onKeyless, keyless, new ArrayList<>(), true).keyColumns(),
                "a table without unique keys: by every comparable column, as any keyless table");
    }

    @Test
    void shouldLeaveNothingWhenEveryColumnOfTheRowIsGone() {
        TableInfo a = table(List.of(), col("new"));
        RowChange row = RowChange.insert("db", "t", List.of("old"), List.of(), ints(1));
        assertNull(ReverseRow.reshape(row, a, records(RemovedColumn.dropped("old"))).change());
    }

    @Test
    void shouldFillNotNullColumnsWithoutDefaultOnInsertOnly() {
        TableInfo a = table(List.of(List.of("id")), col("id"), notNullWithoutDefault("n", "int"),
                notNullWithoutDefault("s", "varchar"), notNullWithoutDefault("e", "enum"),
                new ColumnInfo("e2", "enum", "enum('x','y')", false, false, false, false),
                notNullWithoutDefault("j", "json"), new ColumnInfo("d", "int", "int", false, false, true, false),
                new ColumnInfo("nul", "int", "int", false, true, false, false));
        RowChange insert = RowChange.insert("db", "t", List.of("id"), List.of("id"), ints(1));
        RowTarget row = RowTarget.of(insert, a, new ArrayList<>(), true);
        assertEquals(List.of("id", "n", "s", "e2"), row.insertColumns(),
                "with a default, nullable: the server fills; JSON and an unreadable ENUM: no value Duplex knows");
        assertEquals(List.of(new Value.Int(1), new Value.Int(0), new Value.Text(""), new Value.Enum("x")),
                row.insertValues());
        RowChange update = update(List.of("id"), List.of("id"), ints(1), ints(1));
        RowTarget updated = RowTarget.of(update, a, new ArrayList<>(), true);
        assertEquals(List.of("id"), updated.columns(), "an UPDATE sets only the row's columns");
        assertEquals(List.of("id"), RowTarget.of(insert, a, new ArrayList<>()).insertColumns(),
                "going forward nothing is filled");
    }
}
