package dev.duplex.apply;

import static dev.duplex.apply.Batches.dml;
import static dev.duplex.apply.Batches.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.core.store.TaskState;
import dev.duplex.sandbox.FifoQueues;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every value family at its edges: the same rows are written into src.types with SQL literals
 * (as an application on the source would) and into shop.types through the queue and the apply
 * function; then every column is compared by an exact fingerprint (bytes, or the server's own
 * text for numbers and temporals; FLOAT/DOUBLE also by <=>).
 */
class TypeMatrixIT {
    private static final String DDL = """
            (id INT PRIMARY KEY,
             ti TINYINT, si SMALLINT, mi MEDIUMINT, ii INT, bi BIGINT, tiu TINYINT UNSIGNED, biu BIGINT UNSIGNED,
             dec1 DECIMAL(65,30), dec2 DECIMAL(10,2), f FLOAT, d DOUBLE,
             b1 BIT(1), b64 BIT(64), b10 BIT(10),
             c CHAR(10), vc VARCHAR(100), tx TEXT, l1 VARCHAR(20) CHARACTER SET latin1,
             bn BINARY(4), vb VARBINARY(20), bl BLOB,
             dt DATE, tm TIME(6), dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, yr YEAR,
             e ENUM('x','y','z'), st SET('a','b','c'), j JSON, g GEOMETRY, pt POINT,
             gen INT AS (ti + 1) VIRTUAL, gens INT AS (ti * 2) STORED) ENGINE=InnoDB""";
    private static final List<String> COLS = List.of("id", "ti", "si", "mi", "ii", "bi", "tiu", "biu", "dec1", "dec2",
            "f", "d", "b1", "b64", "b10", "c", "vc", "tx", "l1", "bn", "vb", "bl", "dt", "tm", "dtm", "ts", "yr", "e",
            "st", "j", "g", "pt", "gen", "gens");
    private static final Map<String, String> FINGERPRINT = Map.ofEntries(
            Map.entry("text", "CAST(%s AS CHAR)"), Map.entry("hex", "HEX(%s)"));
    private static final byte[] BLOB = blob();
    private static ApplyFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = ApplyFixture.start();
        fx.sql("CREATE DATABASE shop", "CREATE DATABASE src", "CREATE TABLE shop.types " + DDL, "CREATE TABLE src.types " + DDL);
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void shouldWriteEveryValueFamilyExactlyAndFindTheRowAgainByItsFullBeforeImage() throws Exception {
        String task = "types";
        fx.putTask(task, "strictConflicts: true", "- shop");
        fx.sql("SET time_zone = '+00:00'", "INSERT INTO src.types (" + String.join(",", COLS.subList(0, 32)) + ") VALUES "
                + String.join(",", row1Sql(), row2Sql(), row3Sql()));
        List<Value> row1 = row1();
        List<Value> row1Updated = new ArrayList<>(row1);
        row1Updated.set(COLS.indexOf("vc"), new Value.Text("updated"));
        FifoQueues.FifoQueue q = fx.queue(task, 5);
        fx.send(q, dml(task, tx(100, insert(row1), insert(row2()), insert(row3()))));
        // Strict mode: the update matches only if every comparable column equals its before-image.
        fx.send(q, dml(task, tx(200, RowChange.update("shop", "types", COLS, List.of("id"), row1, row1Updated),
                RowChange.delete("shop", "types", COLS, List.of("id"), row3()))));
        fx.sql("UPDATE src.types SET vc = 'updated' WHERE id = 1", "DELETE FROM src.types WHERE id = 3");
        try (ApplyContext ctx = fx.context(task)) {
            assertTrue(fx.deliver(q, fx.receive(q, 2), fx.processor(ctx)).getBatchItemFailures().isEmpty());
        }
        assertTrue(fx.conflicts.recent(task, 10).isEmpty(), () -> "conflicts: " + fx.conflicts.recent(task, 10));
        assertEquals(TaskState.CREATED, fx.state(task));
        assertEquals(List.of(List.of("1"), List.of("2")), fx.rows("SELECT id FROM shop.types ORDER BY id"));
        for (String col : COLS) {
            String fp = String.format(fingerprintOf(col), "t." + col) + ", " + String.format(fingerprintOf(col), "s." + col);
            List<List<String>> pairs = fx.rows("SELECT t.id, " + fp + " FROM shop.types t JOIN src.types s USING (id) ORDER BY t.id");
            assertEquals(2, pairs.size());
            for (List<String> p : pairs) {
                assertEquals(p.get(2), p.get(1), "column " + col + " of row " + p.get(0));
            }
        }
        assertEquals("0", fx.scalar("SELECT COUNT(*) FROM shop.types t JOIN src.types s USING (id)"
                + " WHERE NOT (t.f <=> s.f) OR NOT (t.d <=> s.d)"));
        assertEquals("-127", fx.scalar("SELECT gen FROM shop.types WHERE id = 1"), "generated columns are computed on the target");
    }

    private static String fingerprintOf(String col) {
        return switch (col) {
            case "c", "vc", "tx", "l1", "bn", "vb", "bl", "e", "st", "j", "g", "pt", "b1", "b64", "b10" -> FINGERPRINT.get("hex");
            default -> FINGERPRINT.get("text");
        };
    }

    private static RowChange insert(List<Value> row) {
        return RowChange.insert("shop", "types", COLS, List.of("id"), row);
    }

    private static List<Value> row1() {
        return List.of(i(1), i(-128), i(-32768), i(-8388608), i(-2147483648L), i(Long.MIN_VALUE), new Value.UInt(255),
                new Value.UInt(-1L), dec("99999999999999999999999999999999999.999999999999999999999999999999"),
                dec("-99999999.99"), new Value.Float32(Float.MAX_VALUE), new Value.Float64(Double.MAX_VALUE),
                new Value.Bit(1, 1), new Value.Bit(-1L, 64), new Value.Bit(0b1010101010, 10),
                t("abc"), t("\uD83D\uDE00 caf\u00e9 \u00f1"), t("a'b\"c\\d\n\t\u0000z"), t("caf\u00e9"),
                new Value.Bytes(new byte[] {0, 1, (byte) 0xFE, (byte) 0xFF}), new Value.Bytes(new byte[] {0, 0x27, 0x5C, 0x22, 0x0A}),
                new Value.Bytes(BLOB), new Value.Date("0000-00-00"), new Value.Time("-838:59:59.000000"),
                new Value.DateTime("0000-00-00 00:00:00.000000"), new Value.Timestamp("1970-01-01 00:00:01.000000"),
                new Value.Year(0), new Value.Enum("z"), new Value.Set("a,c"),
                new Value.Json("{\"k\": [1, 2.50, \"x\"], \"n\": null}"), new Value.Geometry(point(4326, 1.5, -2.25)),
                new Value.Geometry(point(0, 0, 0)), i(-127), i(-256));
    }

    private static String row1Sql() {
        return "(1, -128, -32768, -8388608, -2147483648, -9223372036854775808, 255, 18446744073709551615,"
                + " 99999999999999999999999999999999999.999999999999999999999999999999, -99999999.99,"
                + " 3.4028234663852886E38, 1.7976931348623157E308,"
                + " b'1', b'" + "1".repeat(64) + "', b'1010101010',"
                + " 'abc', '\uD83D\uDE00 caf\u00e9 \u00f1', 'a\\'b\"c\\\\d\\n\\t\\0z', 'caf\u00e9',"
                + " X'0001FEFF', X'00275C220A', X'" + HexFormat.of().formatHex(BLOB) + "',"
                + " '0000-00-00', '-838:59:59.000000', '0000-00-00 00:00:00.000000', '1970-01-01 00:00:01.000000', 0,"
                + " 'z', 'a,c', '{\"k\": [1, 2.50, \"x\"], \"n\": null}', ST_GeomFromText('POINT(1.5 -2.25)', 4326),"
                + " ST_GeomFromText('POINT(0 0)'))";
    }

    private static List<Value> row2() {
        List<Value> row = new ArrayList<>();
        row.add(i(2));
        for (int n = 1; n < COLS.size(); n++) {
            row.add(Value.Null.INSTANCE);
        }
        return row;
    }

    private static String row2Sql() {
        return "(2" + ", NULL".repeat(31) + ")";
    }

    private static List<Value> row3() {
        return List.of(i(3), i(127), i(32767), i(8388607), i(2147483647L), i(Long.MAX_VALUE), new Value.UInt(0),
                new Value.UInt(Long.MIN_VALUE), dec("-0.000000000000000000000000000001"), dec("0.50"),
                new Value.Float32(0.1f), new Value.Float64(-2.2250738585072014E-308),
                new Value.Bit(0, 1), new Value.Bit(Long.MIN_VALUE, 64), new Value.Bit(0, 10),
                t(""), t("\u00c4\u00d6\u00dc \u4e2d\u6587 \uD834\uDD1E"), t(""), t("\u00ff"),
                new Value.Bytes(new byte[4]), new Value.Bytes(new byte[0]), new Value.Bytes(new byte[0]),
                new Value.Date("2024-02-29"), new Value.Time("838:59:59.000000"),
                new Value.DateTime("9999-12-31 23:59:59.999999"), new Value.Timestamp("2038-01-19 03:14:07.999999"),
                new Value.Year(2155), new Value.Enum("x"), new Value.Set(""), new Value.Json("[]"),
                new Value.Geometry(line()), new Value.Geometry(point(0, -0.5, 1e10)), i(128), i(254));
    }

    private static String row3Sql() {
        return "(3, 127, 32767, 8388607, 2147483647, 9223372036854775807, 0, 9223372036854775808,"
                + " -0.000000000000000000000000000001, 0.50, 0.1, -2.2250738585072014E-308,"
                + " b'0', b'1" + "0".repeat(63) + "', b'0000000000',"
                + " '', '\u00c4\u00d6\u00dc \u4e2d\u6587 \uD834\uDD1E', '', '\u00ff',"
                + " X'00000000', X'', X'',"
                + " '2024-02-29', '838:59:59.000000', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', 2155,"
                + " 'x', '', '[]', ST_GeomFromText('LINESTRING(0 0, 1 1)'), ST_GeomFromText('POINT(-0.5 1e10)'))";
    }

    private static byte[] point(int srid, double x, double y) {
        return ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN).putInt(srid).put((byte) 1).putInt(1)
                .putDouble(x).putDouble(y).array();
    }

    private static byte[] line() {
        return ByteBuffer.allocate(45).order(ByteOrder.LITTLE_ENDIAN).putInt(0).put((byte) 1).putInt(2).putInt(2)
                .putDouble(0).putDouble(0).putDouble(1).putDouble(1).array();
    }

    private static byte[] blob() {
        byte[] b = new byte[1000];
        for (int n = 0; n < b.length; n++) {
            b[n] = (byte) (n * 31);
        }
        return b;
    }

    private static Value i(long v) {
        return new Value.Int(v);
    }

    private static Value t(String v) {
        return new Value.Text(v);
    }

    private static Value dec(String v) {
        return new Value.Decimal(new BigDecimal(v));
    }
}
