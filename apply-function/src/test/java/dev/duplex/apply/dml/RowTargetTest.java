package dev.duplex.apply.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.apply.sql.ColumnInfo;
import dev.duplex.apply.sql.TableInfo;
import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowTargetTest {
    private static final TableInfo TABLE = new TableInfo("s", "t", List.of(
            new ColumnInfo("ID", "int", "int(11)", false), new ColumnInfo("code", "varchar", "varchar(10)", false),
            new ColumnInfo("doc", "json", "json", false), new ColumnInfo("twice", "int", "int(11)", true)),
            List.of(List.of("ID"), List.of("code")));

    private static RowChange update(List<String> key) {
        List<String> cols = List.of("id", "code", "doc", "twice");
        List<Value> image = List.of(new Value.Int(1), new Value.Text("a"), new Value.Json("{}"), new Value.Int(2));
        return RowChange.update("s", "t", cols, key, image, image);
    }

    @Test
    void shouldSkipGeneratedColumnsAndUseTheTargetsSpelling() {
        RowTarget row = RowTarget.of(update(List.of("id")), TABLE, new ArrayList<>());
        assertEquals(List.of("ID", "code", "doc"), row.columns());
        assertEquals(List.of("ID"), row.keyColumns());
        assertEquals(3, row.after().size());
        assertTrue(row.keyIsUnique());
    }

    @Test
    void shouldFallBackToATargetUniqueKeyThenToComparableColumns() {
        RowTarget byUnique = RowTarget.of(update(List.of()), TABLE, new ArrayList<>());
        assertEquals(List.of("ID"), byUnique.keyColumns());
        TableInfo keyless = new TableInfo("s", "t", List.of(new ColumnInfo("id", "int", "int", false),
                new ColumnInfo("doc", "json", "json", false)), List.of());
        RowChange change = RowChange.insert("s", "t", List.of("id", "doc"), List.of(),
                List.of(new Value.Int(1), new Value.Json("{}")));
        RowTarget byColumns = RowTarget.of(change, keyless, new ArrayList<>());
        assertEquals(List.of("id"), byColumns.keyColumns(), "JSON cannot address a row");
        assertFalse(byColumns.keyIsUnique());
    }

    @Test
    void shouldNameColumnsMissingOnTheTarget() {
        List<String> missing = new ArrayList<>();
        RowChange change = RowChange.insert("s", "t", List.of("id", "gone"), List.of("id"),
                List.of(new Value.Int(1), new Value.Int(2)));
        assertNull(RowTarget.of(change, TABLE, missing));
        assertEquals(List.of("gone"), missing);
    }
}
