package dev.duplex.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.RowChange;
import dev.duplex.core.model.Value;
import dev.duplex.sandbox.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every column type family written on MariaDB, checked value by value as captured. Generated
 * columns are left out of what capture publishes (the apply side must not write them); an
 * invisible column is an ordinary column. MariaDB's compressed columns are published as the values
 * written.
 */
class CaptureTypesIT {
    private static final String TABLE = """
            CREATE TABLE types.t (
              id INT PRIMARY KEY,
              ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
              mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
              d DECIMAL(65,30), f FLOAT, db DOUBLE, b1 BIT(1), b64 BIT(64),
              c CHAR(10) CHARACTER SET utf8mb4, vc VARCHAR(50) CHARACTER SET utf8mb4, tx TEXT CHARACTER SET utf8mb4,
              cl CHAR(10) CHARACTER SET latin1, vcl VARCHAR(50) CHARACTER SET latin1, txl TEXT CHARACTER SET latin1,
              bn BINARY(4), vb VARBINARY(10), bl BLOB,
              e ENUM('small','médium','large'), st SET('a','b','c'),
              dt DATE, tm TIME(6), dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, dt3 DATETIME(3), y YEAR,
              j JSON, g GEOMETRY,
              gen INT AS (i * 2) VIRTUAL, gens VARCHAR(60) AS (CONCAT(vc, '!')) STORED,
              inv INT INVISIBLE DEFAULT 7
            ) DEFAULT CHARSET=utf8mb4""";
    private static final String COLUMNS = "id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, d, f, db, b1, b64, c, vc, tx, "
            + "cl, vcl, txl, bn, vb, bl, e, st, dt, tm, dtm, ts, dt3, y, j, g";
    private static final String NINES = "9".repeat(35) + "." + "9".repeat(30);

    private static CaptureHarness h;

    @BeforeAll
    static void start() {
        h = new CaptureHarness(TestServers.a());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void shouldCaptureEveryTypeFamilyExactly() throws SQLException {
        h.sql("CREATE DATABASE types", TABLE);
        CaptureHarness.Task task = h.task("types", "- database: types");
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            writeRows();
            QueueDrain q = h.drain(task);
            q.until(d -> d.rowCount() >= 4, Duration.ofSeconds(60), "four row changes");
            List<RowChange> rows = q.rows();
            List<String> expectedColumns = new ArrayList<>(List.of(COLUMNS.split(", ")));
            expectedColumns.add("inv");
            assertEquals(expectedColumns, rows.get(0).columns(), "generated columns left out, invisible kept");
            assertRow(minimums(), rows.get(0).after());
            assertRow(maximums(geometry(2)), rows.get(1).after());
            assertRow(nulls(), rows.get(2).after());
            Value ts = rows.get(3).after().get(rows.get(3).columns().indexOf("ts"));
            assertEquals(new Value.Timestamp("2024-06-01 10:00:00.250000"), ts, "TIMESTAMP written at +02:00 is UTC");
        }
    }

    private static void writeRows() throws SQLException {
        try (Connection c = h.db.connect(); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("INSERT INTO types.t (" + COLUMNS + ") VALUES (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, "
                    + "-9223372036854775808, 0, -" + NINES + ", -3.4028234663852886e38, -1.7976931348623157e308, "
                    + "b'0', b'0', '', '', '', '', '', '', x'00', x'', x'', 'small', '', '0000-00-00', "
                    + "'-838:59:59.000000', '0000-00-00 00:00:00.000000', '0000-00-00 00:00:00', '2024-00-00 00:00:00', "
                    + "0, 'null', ST_GeomFromText('POINT(0 0)'))");
            s.execute("INSERT INTO types.t (" + COLUMNS + ") VALUES (2, 127, 255, 32767, 65535, 8388607, 16777215, "
                    + "2147483647, 4294967295, 9223372036854775807, 18446744073709551615, " + NINES + ", "
                    + "3.4028234663852886e38, 2.2250738585072014e-308, b'1', b'" + "1".repeat(64) + "', "
                    + "'ab\uD83D\uDE00', 'Grüße \uD83D\uDE00 €', 'text \uD83D\uDC4D\n\ttab', 'é€', 'Ünïcödé', "
                    + "'latin1 ÿ', x'01', x'00ff00', x'00010203fffe00', 'médium', 'a,c', '2024-02-29', "
                    + "'838:59:59.999999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999', "
                    + "'2024-05-06 07:08:09.120', 2155, '{\"k\": [1, 2.5, \"x\"], \"n\": null}', "
                    + "ST_GeomFromText('LINESTRING(0 0, 1 1.5, -2 3)'))");
            s.execute("INSERT INTO types.t (id) VALUES (3)");
            s.execute("SET SESSION time_zone = '+02:00'");
            s.execute("UPDATE types.t SET ts = '2024-06-01 12:00:00.25' WHERE id = 3");
        }
    }

    private static Map<String, Value> minimums() {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("id", new Value.Int(1));
        m.put("ti", new Value.Int(-128));
        m.put("tiu", Value.UInt.parse("0"));
        m.put("si", new Value.Int(-32768));
        m.put("siu", Value.UInt.parse("0"));
        m.put("mi", new Value.Int(-8388608));
        m.put("miu", Value.UInt.parse("0"));
        m.put("i", new Value.Int(Integer.MIN_VALUE));
        m.put("iu", Value.UInt.parse("0"));
        m.put("bi", new Value.Int(Long.MIN_VALUE));
        m.put("biu", Value.UInt.parse("0"));
        m.put("d", new Value.Decimal(new BigDecimal("-" + NINES)));
        m.put("f", new Value.Float32(-Float.MAX_VALUE));
        m.put("db", new Value.Float64(-Double.MAX_VALUE));
        m.put("b1", Value.Bit.ofBinary("0"));
        m.put("b64", new Value.Bit(0, 64));
        for (String col : List.of("c", "vc", "tx", "cl", "vcl", "txl")) {
            m.put(col, new Value.Text(""));
        }
        m.put("bn", new Value.Bytes(new byte[4]));
        m.put("vb", new Value.Bytes(new byte[0]));
        m.put("bl", new Value.Bytes(new byte[0]));
        m.put("e", new Value.Enum("small"));
        m.put("st", new Value.Set(""));
        m.put("dt", new Value.Date("0000-00-00"));
        m.put("tm", new Value.Time("-838:59:59.000000"));
        m.put("dtm", new Value.DateTime("0000-00-00 00:00:00.000000"));
        m.put("ts", new Value.Timestamp("0000-00-00 00:00:00.000000"));
        m.put("dt3", new Value.DateTime("2024-00-00 00:00:00.000"));
        m.put("y", new Value.Year(0));
        m.put("j", new Value.Json("null"));
        m.put("g", new Value.Geometry(geometry(1)));
        m.put("inv", new Value.Int(7));
        return m;
    }

    private static Map<String, Value> maximums(byte[] geometry) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("id", new Value.Int(2));
        m.put("ti", new Value.Int(127));
        m.put("tiu", Value.UInt.parse("255"));
        m.put("si", new Value.Int(32767));
        m.put("siu", Value.UInt.parse("65535"));
        m.put("mi", new Value.Int(8388607));
        m.put("miu", Value.UInt.parse("16777215"));
        m.put("i", new Value.Int(Integer.MAX_VALUE));
        m.put("iu", Value.UInt.parse("4294967295"));
        m.put("bi", new Value.Int(Long.MAX_VALUE));
        m.put("biu", Value.UInt.parse("18446744073709551615"));
        m.put("d", new Value.Decimal(new BigDecimal(NINES)));
        m.put("f", new Value.Float32(Float.MAX_VALUE));
        m.put("db", new Value.Float64(Double.MIN_NORMAL));
        m.put("b1", Value.Bit.ofBinary("1"));
        m.put("b64", new Value.Bit(-1L, 64));
        m.put("c", new Value.Text("ab\uD83D\uDE00"));
        m.put("vc", new Value.Text("Grüße \uD83D\uDE00 €"));
        m.put("tx", new Value.Text("text \uD83D\uDC4D\n\ttab"));
        m.put("cl", new Value.Text("é€"));
        m.put("vcl", new Value.Text("Ünïcödé"));
        m.put("txl", new Value.Text("latin1 ÿ"));
        m.put("bn", new Value.Bytes(new byte[] {1, 0, 0, 0}));
        m.put("vb", new Value.Bytes(new byte[] {0, (byte) 0xFF, 0}));
        m.put("bl", new Value.Bytes(new byte[] {0, 1, 2, 3, (byte) 0xFF, (byte) 0xFE, 0}));
        m.put("e", new Value.Enum("médium"));
        m.put("st", new Value.Set("a,c"));
        m.put("dt", new Value.Date("2024-02-29"));
        m.put("tm", new Value.Time("838:59:59.999999"));
        m.put("dtm", new Value.DateTime("9999-12-31 23:59:59.999999"));
        m.put("ts", new Value.Timestamp("2038-01-19 03:14:07.999999"));
        m.put("dt3", new Value.DateTime("2024-05-06 07:08:09.120"));
        m.put("y", new Value.Year(2155));
        m.put("j", new Value.Json("{\"k\": [1, 2.5, \"x\"], \"n\": null}"));
        m.put("g", new Value.Geometry(geometry));
        m.put("inv", new Value.Int(7));
        return m;
    }

    private static Map<String, Value> nulls() {
        Map<String, Value> m = new LinkedHashMap<>();
        for (String col : COLUMNS.split(", ")) {
            m.put(col, Value.Null.INSTANCE);
        }
        m.put("id", new Value.Int(3));
        m.put("inv", new Value.Int(7));
        return m;
    }

    /** The server's own internal geometry bytes (SRID + WKB) of row {@code id}. */
    private static byte[] geometry(int id) {
        try (Connection c = h.db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT g FROM types.t WHERE id = " + id)) {
            rs.next();
            return rs.getBytes(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRow(Map<String, Value> expected, List<Value> actual) {
        int i = 0;
        for (Map.Entry<String, Value> e : expected.entrySet()) {
            Value got = actual.get(i++);
            if (e.getValue() instanceof Value.Bytes b && got instanceof Value.Bytes g) {
                assertArrayEquals(b.value(), g.value(), e.getKey());
            } else {
                assertEquals(e.getValue(), got, "column " + e.getKey());
            }
        }
        assertEquals(expected.size(), actual.size());
    }

    private record Row(int id, String v, String t, byte[] b) {}

    /**
     * MariaDB's column compression ({@code COMPRESSED}): the binlog holds each such cell in its stored
     * form under a column type the binlog library does not know. Capture used to stop on the first
     * table map of any table with such a column, selected or not, with a NullPointerException for a
     * reason. It now publishes the values the application wrote: short values (stored as they are),
     * long ones (deflated, with and without zlib's wrapper), multi-byte text, bytes that do not
     * compress, a value whose length takes three bytes, '' and NULL, through insert, update and
     * delete.
     */
    @Test
    void shouldPublishTheValuesTheApplicationWroteToCompressedColumns() throws Exception {
        h.sql("CREATE DATABASE cc1", "CREATE DATABASE cc_other",
                "CREATE TABLE cc1.t (id INT PRIMARY KEY, v VARCHAR(2000) COMPRESSED CHARACTER SET utf8mb4,"
                        + " t TEXT COMPRESSED CHARACTER SET utf8mb4, b MEDIUMBLOB COMPRESSED, n INT)",
                "CREATE TABLE cc_other.u (id INT PRIMARY KEY, v VARCHAR(300) COMPRESSED)");
        Random random = new Random(7);
        byte[] noise = new byte[5_000];
        random.nextBytes(noise);
        List<Row> rows = List.of(
                new Row(1, "short", "tiny", new byte[] {1, 2, 3}),
                new Row(2, "abc".repeat(300), "xyz".repeat(2_000), "0123456789".repeat(30_000).getBytes()),
                new Row(3, "żółw 🐢 ".repeat(120), "日本語のテキスト".repeat(400), noise),
                new Row(4, "", "", new byte[0]),
                new Row(5, null, null, null));
        CaptureHarness.Task task = h.task("compressed", "- database: cc1");
        QueueDrain q = h.drain(task);
        try (CaptureService capture = h.capture(task, b -> { })) {
            Await.streaming(capture);
            h.sql("INSERT INTO cc_other.u VALUES (1, REPEAT('not selected ', 20))");
            insert(rows.subList(0, 2), false);
            insert(rows.subList(2, 5), true);
            h.sql("UPDATE cc1.t SET v = REPEAT('updated ', 50), n = 1 WHERE id = 2", "DELETE FROM cc1.t WHERE id = 3");
            q.until(d -> d.rowCount() >= 7, Duration.ofSeconds(60), "five inserts, an update and a delete");
            assertTrue(capture.failure().isEmpty(), () -> "capture failed: " + capture.failure());
        }
        List<RowChange> published = q.rows();
        for (int i = 0; i < rows.size(); i++) {
            assertRow(rows.get(i), published.get(i).after(), "insert of row " + rows.get(i).id());
        }
        RowChange update = published.get(5);
        assertRow(rows.get(1), update.before(), "update's before image");
        assertEquals(new Value.Text("updated ".repeat(50)), update.after().get(1));
        assertRow(rows.get(2), published.get(6).before(), "delete's before image");
    }

    private static void assertRow(Row expected, List<Value> actual, String what) {
        assertEquals(text(expected.v()), actual.get(1), what + ": v");
        assertEquals(text(expected.t()), actual.get(2), what + ": t");
        if (expected.b() == null) {
            assertEquals(Value.Null.INSTANCE, actual.get(3), what + ": b");
        } else {
            assertTrue(actual.get(3) instanceof Value.Bytes, what + ": b is " + actual.get(3));
            assertArrayEquals(expected.b(), ((Value.Bytes) actual.get(3)).value(), what + ": b, "
                    + expected.b().length + " bytes");
        }
    }

    private static Value text(String s) {
        return s == null ? Value.Null.INSTANCE : new Value.Text(s);
    }

    /** With {@code wrapped}, the server deflates with zlib's header and checksum around the data. */
    private static void insert(List<Row> rows, boolean wrapped) throws SQLException {
        try (Connection c = h.db.connect(); Statement s = c.createStatement();
             PreparedStatement ps = c.prepareStatement("INSERT INTO cc1.t (id, v, t, b) VALUES (?, ?, ?, ?)")) {
            s.execute("SET SESSION column_compression_zlib_wrap = " + (wrapped ? "ON" : "OFF"));
            for (Row r : rows) {
                ps.setInt(1, r.id());
                ps.setString(2, r.v());
                ps.setString(3, r.t());
                ps.setBytes(4, r.b());
                ps.executeUpdate();
            }
        }
    }
}
