package dev.duplex.capture.snapshot;

import static dev.duplex.core.sql.Identifiers.qualified;
import static dev.duplex.core.sql.Identifiers.quote;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Rows of one table as a LOAD DATA LOCAL INFILE stream and the statement that reads it exactly.
 * The stream is utf8mb4 text, tab between fields, newline after each row, backslash escapes
 * (\\, \t, \n, \0) and \N for NULL; the server converts text to each column's character set.
 * Bytes that are not text (BINARY, BLOB, GEOMETRY) go as hex through UNHEX, so no byte is read as
 * a character; BIT and YEAR as unsigned numbers through CAST (a field is text, and BIT would take
 * its characters, YEAR read '0' as 2000); floating-point values as Java's
 * shortest text of the double (a FLOAT widened first), which the server parses back to the same bits.
 */
final class LoadDataRows {
    /** How one column's values are written, decided from its values (all of a column have one kind). */
    enum Form { PLAIN, HEX, NUMBER }

    private static final HexFormat HEX = HexFormat.of();

    private final String statement;
    private final byte[] data;
    private final int length;

    private LoadDataRows(String statement, byte[] data, int length) {
        this.statement = statement;
        this.data = data;
        this.length = length;
    }

    /** The stream {@code written} holds, read by {@code statement}. */
    LoadDataRows(String statement, LoadDataBuffer written) {
        this(statement, written.bytes, written.size);
    }

    /** @param rows INSERTs of one table on node b, all with the same columns */
    static LoadDataRows of(List<RowChange> rows) {
        RowChange first = rows.get(0);
        List<Form> forms = forms(rows);
        LoadDataBuffer out = new LoadDataBuffer(rows.size() * 64);
        for (int r = 0; r < rows.size(); r++) {
            List<Value> values = rows.get(r).after();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.add((byte) '\t');
                }
                field(out, values.get(i));
            }
            out.add((byte) '\n');
            if (r == 0) {
                out.presize(rows.size() - 1);
            }
        }
        return new LoadDataRows(statement(first.database(), first.table(), first.columns(), forms), out);
    }

    String statement() {
        return statement;
    }

    InputStream stream() {
        return new ByteArrayInputStream(data, 0, length);
    }

    static List<Form> forms(List<RowChange> rows) {
        int n = rows.get(0).columns().size();
        List<Form> forms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            forms.add(Form.PLAIN);
            for (RowChange r : rows) {
                Value v = r.after().get(i);
                if (v != Value.Null.INSTANCE) {
                    forms.set(i, formOf(v));
                    break;
                }
            }
        }
        return forms;
    }

    /** The form of a column read as {@code kind}: the one {@link #forms} finds in its values. */
    static Form formOf(ReadKind kind) {
        return switch (kind) {
            case BYTES, GEOMETRY -> Form.HEX;
            case BIT, YEAR -> Form.NUMBER;
            default -> Form.PLAIN;
        };
    }

    private static Form formOf(Value v) {
        return switch (v) {
            case Value.Bytes b -> Form.HEX;
            case Value.Geometry g -> Form.HEX;
            case Value.Bit b -> Form.NUMBER;
            case Value.Year y -> Form.NUMBER; // the text '0' would be the year 2000, the number 0 is 0000
            default -> Form.PLAIN;
        };
    }

    /**
     * Separators as hex literals, which mean the same whether or not the session has
     * NO_BACKSLASH_ESCAPES; the file's character set is utf8mb4.
     */
    static String statement(String database, String table, List<String> columns, List<Form> forms) {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String col = quote(columns.get(i));
            switch (forms.get(i)) {
                case PLAIN -> targets.add(col);
                case HEX -> {
                    targets.add("@v" + i);
                    sets.add(col + " = UNHEX(@v" + i + ")");
                }
                case NUMBER -> {
                    targets.add("@v" + i);
                    sets.add(col + " = CAST(@v" + i + " AS UNSIGNED)");
                }
            }
        }
        return "LOAD DATA LOCAL INFILE 'duplex-full-sync' IGNORE INTO TABLE " + qualified(database, table)
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A' ("
                + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
    }

    /** One field: {@code value} in its column's form. */
    static void field(LoadDataBuffer out, Value value) {
        switch (value) {
            case Value.Null n -> out.nul();
            case Value.Int v -> out.digits(v.value());
            case Value.UInt v -> out.ascii(v.text());
            case Value.Decimal v -> out.ascii(v.value().toPlainString());
            case Value.Float32 v -> out.ascii(Double.toString(v.value()));
            case Value.Float64 v -> out.ascii(Double.toString(v.value()));
            case Value.Bit v -> out.ascii(Long.toUnsignedString(v.bits()));
            case Value.Year v -> out.ascii(Integer.toString(v.value()));
            case Value.Text v -> text(out, v.value());
            case Value.Json v -> text(out, v.text());
            case Value.Enum v -> text(out, v.label());
            case Value.Set v -> text(out, v.labels());
            case Value.Date v -> text(out, v.text());
            case Value.Time v -> text(out, v.text());
            case Value.DateTime v -> text(out, v.text());
            case Value.Timestamp v -> text(out, v.utcText());
            case Value.Bytes v -> out.ascii(HEX.formatHex(v.value()));
            case Value.Geometry v -> out.ascii(HEX.formatHex(v.value()));
        }
    }

    private static void text(LoadDataBuffer out, String s) {
        out.escaped(s.getBytes(StandardCharsets.UTF_8));
    }
}
