package dev.duplex.capture.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadDataRowsTest {
    private static final List<String> COLUMNS = List.of("id", "t", "b", "bits", "y", "f");

    private static RowChange row(Value... values) {
        return RowChange.insert("db", "t", COLUMNS, List.of("id"), List.of(values));
    }

    @Test
    void shouldEscapeTheFourMeaningfulBytesAndWriteNullAsBackslashN() throws IOException {
        LoadDataRows rows = LoadDataRows.of(List.of(
                row(new Value.Int(1), new Value.Text("a\tb\nc\\d\u0000e \\N é"), new Value.Bytes(new byte[] {0, 10, (byte) 0xff}),
                        new Value.Bit(5, 3), new Value.Year(0), new Value.Float32(0.1f)),
                row(new Value.Int(2), Value.Null.INSTANCE, Value.Null.INSTANCE, Value.Null.INSTANCE, Value.Null.INSTANCE,
                        new Value.Float64(-0.5))));
        String text = new String(rows.stream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("1\ta\\tb\\nc\\\\d\\0e \\\\N é\t000aff\t5\t0\t" + (double) 0.1f + "\n"
                + "2\t\\N\t\\N\t\\N\t\\N\t-0.5\n", text);
    }

    @Test
    void shouldReadBytesThroughUnhexAndBitAndYearAsNumbers() {
        LoadDataRows rows = LoadDataRows.of(List.of(row(new Value.Int(1), new Value.Text(""),
                new Value.Bytes(new byte[0]), new Value.Bit(1, 1), new Value.Year(2024), new Value.Float64(1))));
        assertEquals("LOAD DATA LOCAL INFILE 'duplex-full-sync' IGNORE INTO TABLE `db`.`t` CHARACTER SET utf8mb4 "
                + "FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A' (`id`, `t`, @v2, @v3, @v4, `f`)"
                + " SET `b` = UNHEX(@v2), `bits` = CAST(@v3 AS UNSIGNED), `y` = CAST(@v4 AS UNSIGNED)", rows.statement());
    }

    @Test
    void shouldTakeAColumnsFormFromItsFirstValueThatIsNotNull() {
        List<RowChange> rows = List.of(
                row(new Value.Int(1), Value.Null.INSTANCE, Value.Null.INSTANCE, Value.Null.INSTANCE, Value.Null.INSTANCE,
                        Value.Null.INSTANCE),
                row(new Value.Int(2), new Value.Text("x"), new Value.Bytes(new byte[] {1}), Value.Null.INSTANCE,
                        Value.Null.INSTANCE, Value.Null.INSTANCE));
        assertEquals(List.of(LoadDataRows.Form.PLAIN, LoadDataRows.Form.PLAIN, LoadDataRows.Form.HEX,
                LoadDataRows.Form.PLAIN, LoadDataRows.Form.PLAIN, LoadDataRows.Form.PLAIN), LoadDataRows.forms(rows));
    }
}
