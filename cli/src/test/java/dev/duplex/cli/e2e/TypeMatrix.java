package dev.duplex.cli.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A table with every column type family (MariaDB's compressed columns, UUID, INET6 and INET4 among
 * them) and rows of
 * edge values, as SQL literals, plus how to
 * read each column back losslessly: HEX of the stored bytes for strings, binaries, BIT, JSON
 * and geometry, text for numbers and temporal values (read in a UTC session).
 */
final class TypeMatrix {
    static final String DDL = """
            id INT NOT NULL PRIMARY KEY,
            ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT,
            miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
            dec65 DECIMAL(65,30), dec0 DECIMAL(20,0), dec52 DECIMAL(5,2), f FLOAT, d DOUBLE,
            b1 BIT(1), b13 BIT(13), b64 BIT(64),
            ch CHAR(10), vc VARCHAR(300), tx TEXT, lt LONGTEXT, lat VARCHAR(50) CHARACTER SET latin1,
            bn BINARY(8), vb VARBINARY(300), bl BLOB, lb LONGBLOB,
            en ENUM('one','two','three'), st SET('r','g','b'),
            dt DATE, tm TIME, tm6 TIME(6), dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL,
            ts0 TIMESTAMP NULL DEFAULT NULL, yr YEAR,
            js JSON, geo GEOMETRY NULL, pt POINT NULL,
            gv BIGINT AS (i + 1) VIRTUAL, gs VARCHAR(310) AS (CONCAT(vc, '!')) STORED,
            inv INT INVISIBLE DEFAULT 7,
            vcz VARCHAR(2000) COMPRESSED CHARACTER SET utf8mb4, lbz LONGBLOB COMPRESSED,
            uu UUID, ip6 INET6, ip4 INET4""";

    /** Columns read as HEX (exact bytes); every other column is read as text. */
    private static final List<String> HEX = List.of("b1", "b13", "b64", "ch", "vc", "tx", "lt", "lat", "bn", "vb", "bl",
            "lb", "js", "geo", "pt", "gs", "vcz", "lbz");
    /** Every column written; generated columns are computed by each server. */
    static final List<String> WRITTEN = List.of("ti", "tiu", "si", "siu", "mi", "miu", "i", "iu", "bi", "biu", "dec65",
            "dec0", "dec52", "f", "d", "b1", "b13", "b64", "ch", "vc", "tx", "lt", "lat", "bn", "vb", "bl", "lb", "en",
            "st", "dt", "tm", "tm6", "dtm", "dtm6", "ts", "ts0", "yr", "js", "geo", "pt", "inv", "vcz", "lbz", "uu",
            "ip6", "ip4");
    static final List<String> READ;

    static {
        List<String> all = new ArrayList<>(WRITTEN);
        all.addAll(List.of("gv", "gs"));
        READ = List.copyOf(all);
    }

    private TypeMatrix() {}

    static String readExpression(String column) {
        if (HEX.contains(column)) {
            return "HEX(`" + column + "`)";
        }
        if (column.equals("en") || column.equals("st")) {
            return "CONCAT(`" + column + "`, '#', `" + column + "` + 0)"; // the label and its index
        }
        return "CAST(`" + column + "` AS CHAR)";
    }

    static String select(String table) {
        return "SELECT id, " + READ.stream().map(TypeMatrix::readExpression).collect(Collectors.joining(", "))
                + " FROM " + table + " ORDER BY id";
    }

    static String insert(String table, int id, Map<String, String> row) {
        return "INSERT INTO " + table + " (id, " + String.join(", ", row.keySet()) + ") VALUES (" + id + ", "
                + String.join(", ", row.values()) + ")";
    }

    static String update(String table, int id, Map<String, String> set) {
        return "UPDATE " + table + " SET " + set.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", ")) + " WHERE id = " + id;
    }

    private static String allBytes() {
        return "UNHEX('" + IntStream.range(0, 256).mapToObj(b -> String.format("%02X", b)).collect(Collectors.joining())
                + "')";
    }

    static Map<String, String> minimum() {
        return row("-128", "0", "-32768", "0", "-8388608", "0", "-2147483648", "0", "-9223372036854775808", "0",
                "-99999999999999999999999999999999999.999999999999999999999999999999", "-99999999999999999999",
                "-999.99", "-3.40282e38", "-1.7976931348623157e308", "b'0'", "b'0'", "0",
                "''", "''", "''", "''", "''", "''", "''", "''", "''",
                "'one'", "''", "'1000-01-01'", "'-838:59:59'", "'-838:59:59.000000'", "'1000-01-01 00:00:00'",
                "'1000-01-01 00:00:00.000000'", "'1970-01-01 00:00:01.000000'", "'1970-01-01 00:00:01'", "1901",
                "'{}'", "ST_GeomFromText('POINT(0 0)')", "ST_GeomFromText('POINT(-180 -90)')", "-1", "''", "''",
                "'00000000-0000-0000-0000-000000000000'", "'::'", "'0.0.0.0'");
    }

    static Map<String, String> maximum() {
        return row("127", "255", "32767", "65535", "8388607", "16777215", "2147483647", "4294967295",
                "9223372036854775807", "18446744073709551615",
                "99999999999999999999999999999999999.999999999999999999999999999999", "99999999999999999999",
                "999.99", "3.40282e38", "1.7976931348623157e308", "b'1'", "b'1111111111111'",
                "0xFFFFFFFFFFFFFFFF", "'ÿ😀日本語abcde'", "REPEAT('é😀x', 100)", "REPEAT('tëxt 🎉 ', 5000)",
                "REPEAT('long😀', 12000)", "'Ünïcödé ÿ £ ß'", "0xFFFFFFFFFFFFFFFF", allBytes(),
                "REPEAT(" + allBytes() + ", 100)", "REPEAT(" + allBytes() + ", 200)",
                "'three'", "'r,g,b'", "'9999-12-31'", "'838:59:59'", "'838:59:59.000000'", "'9999-12-31 23:59:59'",
                "'9999-12-31 23:59:59.999999'", "'2038-01-19 03:14:07.999999'", "'2038-01-19 03:14:07'", "2155",
                "'{\"deep\": {\"a\": [1, 2.5, -3e10, \"x😀\", null, true, false, {\"e\": {}}]}, \"u\": \"\\\\u00e9\"}'",
                "ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))', 4326)",
                "ST_GeomFromText('POINT(180 90)')", "2147483647", "REPEAT('zé😀', 500)", "REPEAT(" + allBytes() + ", 300)",
                "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", "'255.255.255.255'");
    }

    static Map<String, String> nulls() {
        Map<String, String> m = new LinkedHashMap<>();
        WRITTEN.forEach(c -> m.put(c, "NULL"));
        return m;
    }

    /** Zeros, empty values and zero dates: written with sql_mode=''. */
    static Map<String, String> zeros() {
        return row("0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0.00", "0", "0", "b'0'", "0", "0",
                "'a'", "'trailing  '", "''", "''", "' '", "0x00", "0x00", "0x00", "''",
                "'one'", "''", "'0000-00-00'", "'00:00:00'", "'-00:00:00.000001'", "'0000-00-00 00:00:00'",
                "'0000-00-00 00:00:00.000000'", "'0000-00-00 00:00:00'", "'0000-00-00 00:00:00'", "0",
                "'[]'", "ST_GeomFromText('GEOMETRYCOLLECTION EMPTY')", "ST_GeomFromText('POINT(0 0)')", "0", "' '",
                "0x00", "'01234567-89ab-1def-8123-456789abcdef'", "'::ffff:192.0.2.1'", "'10.0.0.1'");
    }

    /** Fractions, odd floats, partial zero dates, control characters and nested JSON. */
    static Map<String, String> mixed() {
        return row("-1", "1", "-1", "1", "-1", "1", "-1", "1", "-1", "9223372036854775808",
                "0.000000000000000000000000000001", "-1", "0.01", "1.17549e-38", "2.2250738585072014e-308",
                "b'1'", "b'1010101010101'", "0x8000000000000001", "'\\'\"\\\\%_'",
                "CONCAT('a', CHAR(0 USING utf8mb4), 'b\\n\\t\\r', '𝄞')", "'Ω≈ç√∫ 🎉🚀 \\\\ ''q'' \"dq\"'",
                "CONCAT(REPEAT('x', 70000), '😀')", "CONCAT('latin', CHAR(233), CHAR(255))", "0x0102",
                "0x00FF00FF00", "X''", "0x00",
                "'two'", "'g'", "'2024-00-15'", "'25:00:00'", "'25:00:00.5'", "'2024-02-00 12:00:00'",
                "'2024-02-29 12:34:56.000001'", "'2024-03-31 01:30:00.123456'", "'2000-01-01 00:00:00'", "2024",
                "'\"just a string\"'", "ST_GeomFromText('LINESTRING(0 0, 1.5 2.25, -3 4)')",
                "ST_GeomFromText('POINT(1.0000001 -0.5)')", "42", "REPEAT('compress me ', 100)", "UNHEX(SHA2('x', 512))",
                "'6ba7b810-9dad-11d1-80b4-00c04fd430c8'", "'2001:db8:85a3::8a2e:370:7334'", "'127.0.0.1'");
    }

    private static Map<String, String> row(String... values) {
        if (values.length != WRITTEN.size()) {
            throw new IllegalArgumentException(values.length + " values for " + WRITTEN.size() + " columns");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(WRITTEN.get(i), values[i]);
        }
        return m;
    }
}
