package dev.duplex.apply.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ImplicitDefaultTest {

    private static Value of(String dataType, String columnType) {
        return ImplicitDefault.of(new ColumnInfo("c", dataType, columnType, false, false, false, false))
                .orElseThrow(() -> new AssertionError("no implicit default for " + columnType));
    }

    @Test
    void shouldGiveWhatTheServersAlterGivesExistingRows() {
        assertEquals(new Value.Int(0), of("int", "int(11)"));
        assertEquals(new Value.Int(0), of("bigint", "bigint(20) unsigned"));
        assertEquals(new Value.Int(0), of("bit", "bit(3)"));
        assertEquals(new Value.Decimal(BigDecimal.ZERO), of("decimal", "decimal(10,2)"));
        assertEquals(new Value.Float64(0d), of("double", "double"));
        assertEquals(new Value.Text(""), of("varchar", "varchar(20)"));
        assertEquals(new Value.Text(""), of("longtext", "longtext"));
        assertEquals(0, ((Value.Bytes) of("binary", "binary(4)")).value().length, "padded by the server as ALTER pads");
        assertEquals(new Value.Enum("it's"), of("enum", "enum('it''s','b')"));
        assertEquals(new Value.Set(""), of("set", "set('a','b')"));
        assertEquals(new Value.Date("0000-00-00"), of("date", "date"));
        assertEquals(new Value.DateTime("0000-00-00 00:00:00"), of("datetime", "datetime(6)"));
        assertEquals(new Value.Timestamp("0000-00-00 00:00:00"), of("timestamp", "timestamp"));
        assertEquals(new Value.Time("00:00:00"), of("time", "time"));
        assertEquals(new Value.Year(0), of("year", "year(4)"));
        assertEquals(new Value.Text("::"), of("inet6", "inet6"));
    }

    @Test
    void shouldGiveNoneWhereTheServerHasNoneDuplexKnows() {
        for (String type : new String[] {"json", "geometry", "point", "vector"}) {
            assertTrue(ImplicitDefault.of(new ColumnInfo("c", type, type, false, false, false, false)).isEmpty(), type);
        }
    }

    @Test
    void shouldAskForAValueOnlyWhereAnInsertWithoutOneFails() {
        assertTrue(new ColumnInfo("c", "int", "int", false, false, false, false).needsValue());
        assertTrue(!new ColumnInfo("c", "int", "int", false, true, false, false).needsValue(), "nullable");
        assertTrue(!new ColumnInfo("c", "int", "int", false, false, true, false).needsValue(), "has a default");
        assertTrue(!new ColumnInfo("c", "int", "int", false, false, false, true).needsValue(), "auto_increment");
        assertTrue(!new ColumnInfo("c", "int", "int", true, false, false, false).needsValue(), "generated");
    }
}
