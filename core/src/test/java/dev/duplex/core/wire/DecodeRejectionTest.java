package dev.duplex.core.wire;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.duplex.core.error.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A malformed body is refused with a message that says what is wrong and where, never guessed at. */
class DecodeRejectionTest {

    private static final BatchCodec CODEC = new BatchCodec();
    private static final String AFTER_VALUE = "{\"dec\":\"10.00\"}";
    private static final String AT_VALUE = "txs[0].changes[0].after[1]: ";

    static Stream<Arguments> malformedEnvelopes() {
        return Stream.of(
                arguments("newer format version", with("\"v\":1", "\"v\":4"),
                        "v: unsupported wire format version 4; this build reads 1 to 3: upgrade the reader"),
                arguments("version 2 without its chain", with("\"v\":1", "\"v\":2"),
                        "batch: missing required field 'chain'"),
                arguments("version 1 with a chain", with("\"kind\":", "\"chain\":{\"id\":\"c\",\"source\":\"s\","
                        + "\"prev\":\"0000000000.0000000000000.0.0000000000\"},\"kind\":"), "batch: unknown field 'chain'"),
                arguments("invalid format version", with("\"v\":1", "\"v\":0"), "v: invalid wire format version 0"),
                arguments("missing format version", with("\"v\":1,", ""),
                        "batch: missing wire format version: the first field must be \"v\", got 'task'"),
                arguments("format version as text", with("\"v\":1", "\"v\":\"1\""), "v: expected an integer, got a string"),
                arguments("not JSON", "hello", "batch: body is not valid JSON at line 1, column"),
                arguments("JSON array", "[]", "batch: body must be a JSON object, got an array"),
                arguments("JSON string", "\"v\"", "batch: body must be a JSON object, got a string"),
                arguments("only whitespace", "  \n", "batch: body is truncated"),
                arguments("truncated in a value", WireSamples.SAMPLE_JSON.substring(0,
                        WireSamples.SAMPLE_JSON.indexOf("10.00")), AT_VALUE + "body is truncated"),
                arguments("trailing content", WireSamples.SAMPLE_JSON + "{}", "unexpected content after the batch"),
                arguments("missing task", with("\"task\":\"shop\",", ""), "batch: missing required field 'task'"),
                arguments("missing fragment index", with("\"i\":0,", ""), "frag: missing required field 'i'"),
                arguments("missing position gtid", with(",\"gtid\":\"0-1-5\"", ""),
                        "range.from: missing required field 'gtid'"),
                arguments("missing tx seq", with("{\"seq\":\"0000000003.0000000000004.1.0000000000\",", "{"),
                        "txs[0]: missing required field 'seq'"),
                arguments("missing table", with("\"table\":\"orders\",", ""),
                        "txs[0].changes[0]: missing required field 'table'"),
                arguments("update without before", with("\"before\":[1,{\"dec\":\"9.50\"}],", ""),
                        "txs[0].changes[0]: missing required field 'before'"),
                arguments("insert with before", with("\"op\":\"u\"", "\"op\":\"i\""),
                        "txs[0].changes[0]: before image must be absent"),
                arguments("unknown top-level field", with("\"catchUp\":false", "\"catchUp\":false,\"prio\":1"),
                        "batch: unknown field 'prio'"),
                arguments("unknown change field", with("\"table\":\"orders\"", "\"table\":\"orders\",\"x\":[]"),
                        "txs[0].changes[0]: unknown field 'x'"),
                arguments("duplicate field", with("\"group\":\"a2b\"", "\"group\":\"a2b\",\"group\":\"x\""),
                        "batch: body is not valid JSON at line 1, column"),
                arguments("null task", with("\"task\":\"shop\"", "\"task\":null"), "task: expected a string, got null"),
                arguments("catchUp as text", with("\"catchUp\":false", "\"catchUp\":\"no\""),
                        "catchUp: expected true or false, got a string"),
                arguments("position as text", with("\"pos\":4", "\"pos\":\"4\""),
                        "range.from.pos: expected an integer, got a string"),
                arguments("negative position", with("\"pos\":4", "\"pos\":-4"), "range.from: binlog offset must be >= 0"),
                arguments("txs not an array", with("\"txs\":[", "\"txs\":{\"a\":["),
                        "txs: expected an array, got an object"),
                arguments("change not an object", with("{\"ddl\"", "[{\"ddl\"").replace("}]}]}", "}]]}]}"),
                        "txs[0].changes[1]: expected an object, got an array"),
                arguments("unknown op", with("\"op\":\"u\"", "\"op\":\"x\""),
                        "txs[0].changes[0].op: unknown row operation 'x' (expected i, u or d)"),
                arguments("unknown direction", with("\"dir\":\"a2b\"", "\"dir\":\"a2c\""),
                        "dir: unknown direction 'a2c' (expected a2b or b2a)"),
                arguments("unknown kind", with("\"kind\":\"dml\"", "\"kind\":\"dcl\""), "kind: unknown batch kind 'dcl'"),
                arguments("bad seq", with("\"seq\":\"0000000003", "\"seq\":\"3"), "seq: seq must look like"),
                arguments("batch seq not the last tx seq", with("\"seq\":\"0000000003.0000000000004.1.0000000000\",\"kind",
                        "\"seq\":\"0000000009.0000000000004.1.0000000000\",\"kind"), "batch: batch seq 0000000009"),
                arguments("range ending before it starts", with("\"pos\":900", "\"pos\":3"),
                        "range: binlog range ends before it starts"),
                arguments("image longer than cols", with("\"after\":[1,", "\"after\":[1,2,"),
                        "txs[0].changes[0]: after image has 3 values for 2 columns"),
                arguments("key not among cols", with("\"key\":[\"id\"]", "\"key\":[\"nope\"]"),
                        "txs[0].changes[0]: key columns [nope] are not all among columns"),
                arguments("column name not a string", with("\"cols\":[\"id\",", "\"cols\":[7,"),
                        "txs[0].changes[0].cols[0]: expected a string, got an integer"),
                arguments("ddl with row fields", with("{\"ddl\":\"ALTER TABLE t ADD c INT\",",
                        "{\"ddl\":\"ALTER TABLE t ADD c INT\",\"op\":\"i\","), "txs[0].changes[1]: a change with 'ddl'"),
                arguments("empty ddl", with("\"ddl\":\"ALTER TABLE t ADD c INT\"", "\"ddl\":\" \""),
                        "txs[0].changes[1]: DDL statement is empty"));
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                arguments("unknown tag", "{\"xx\":1}", "unknown value tag 'xx'"),
                arguments("empty object", "{}", "empty object is not a value"),
                arguments("two tags", "{\"u\":\"1\",\"d\":1.0}", "tagged value 'u' has a second key 'd'"),
                arguments("bare fraction", "1.5", "bare fractional number 1.5 is ambiguous"),
                arguments("boolean", "true", "expected a value (null, integer, string or tagged object), got a boolean"),
                arguments("array", "[1]", "expected a value (null, integer, string or tagged object), got an array"),
                arguments("integer above signed 64-bit", "9223372036854775808",
                        "integer 9223372036854775808 is outside the signed 64-bit range"),
                arguments("integer below signed 64-bit", "-9223372036854775809",
                        "integer -9223372036854775809 is outside the signed 64-bit range"),
                arguments("unsigned above 64-bit", "{\"u\":\"18446744073709551616\"}",
                        "unsigned integer 18446744073709551616 is outside 0..18446744073709551615"),
                arguments("negative unsigned", "{\"u\":\"-1\"}", "unsigned integer must be decimal digits"),
                arguments("unsigned as number", "{\"u\":1}", "expected a string, got an integer"),
                arguments("decimal with exponent", "{\"dec\":\"1E+3\"}", "decimal must be plain digits"),
                arguments("decimal as number", "{\"dec\":10.00}", "expected a string, got a fractional number"),
                arguments("float as text", "{\"f\":\"1.5\"}", "expected a number, got a string"),
                arguments("float out of range", "{\"f\":1e39}", "FLOAT value 1e39 is outside the 32-bit float range"),
                arguments("double out of range", "{\"d\":-1e309}", "DOUBLE value -1e309 is outside"),
                arguments("bad bit string", "{\"bit\":\"012\"}", "BIT value must be 1 to 64 characters of 0 and 1"),
                arguments("bit wider than 64", "{\"bit\":\"" + "1".repeat(65) + "\"}", "BIT value must be 1 to 64"),
                arguments("bad base64", "{\"b\":\"@@@@\"}", "bad base64"),
                arguments("bad geometry base64", "{\"geo\":\"A\"}", "bad base64"),
                arguments("bad date", "{\"date\":\"2024/01/01\"}", "DATE value must look like YYYY-MM-DD"),
                arguments("bad time", "{\"time\":\"839:00:00\"}", "TIME out of range"),
                arguments("bad datetime", "{\"dt\":\"2024-01-01T00:00:00\"}", "DATETIME/TIMESTAMP value must look like"),
                arguments("datetime with 7 fraction digits", "{\"ts\":\"2024-01-01 00:00:00.1234567\"}",
                        "DATETIME/TIMESTAMP value must look like"),
                arguments("bad year", "{\"year\":3000}", "YEAR must be 0 or 1901..2155"),
                arguments("year as text", "{\"year\":\"2024\"}", "expected an integer, got a string"),
                arguments("null enum label", "{\"enum\":null}", "expected a string, got null"),
                arguments("json as object", "{\"json\":{\"k\":1}}", "expected a string, got an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEnvelopes")
    void shouldRejectMalformedBatch(String name, String body, String expectedMessage) {
        assertRejected(body, expectedMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedValues")
    void shouldRejectMalformedValueNamingItsPlace(String name, String valueJson, String expectedMessage) {
        assertRejected(with(AFTER_VALUE, valueJson), AT_VALUE + expectedMessage);
    }

    @Test
    void shouldRejectUnknownFormatVersion() {
        assertRejected(with("\"v\":1", "\"v\":4,\"newField\":{}"), "unsupported wire format version 4");
    }

    @Test
    void shouldRejectEmptyBody() {
        assertTrue(assertThrows(DecodeException.class, () -> CODEC.decode(new byte[0])).getMessage().contains("empty body"));
        assertTrue(assertThrows(DecodeException.class, () -> CODEC.decode("")).getMessage().contains("empty body"));
    }

    @Test
    void shouldRejectBodyWithoutTransactions() {
        assertRejected(with("\"txs\":[{", "\"x\":[{").replaceFirst(",\"x\".*}$", ",\"txs\":[]}"),
                "batch: a batch carries at least one transaction");
    }

    @Test
    void shouldRejectInvalidUtf8() {
        byte[] body = with("\"task\":\"shop\"", "\"task\":\"sh\u00ffp\"").getBytes(StandardCharsets.ISO_8859_1);
        DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(body));
        assertTrue(e.getMessage().startsWith("task: body is not valid JSON"), e.getMessage());
    }

    @Test
    void shouldRejectEveryTruncationOfAValidBody() {
        String body = WireSamples.SAMPLE_JSON;
        for (int cut = 1; cut < body.length(); cut++) {
            String prefix = body.substring(0, cut);
            DecodeException e = assertThrows(DecodeException.class, () -> CODEC.decode(prefix), prefix);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not valid JSON"),
                    () -> prefix + " -> " + e.getMessage());
        }
    }

    private static void assertRejected(String body, String expectedMessage) {
        DecodeException fromText = assertThrows(DecodeException.class, () -> CODEC.decode(body));
        assertTrue(fromText.getMessage().contains(expectedMessage),
                () -> "expected '" + expectedMessage + "' in: " + fromText.getMessage());
        DecodeException fromBytes = assertThrows(DecodeException.class,
                () -> CODEC.decode(body.getBytes(StandardCharsets.UTF_8)));
        assertTrue(fromBytes.getMessage().contains(expectedMessage),
                () -> "expected '" + expectedMessage + "' in: " + fromBytes.getMessage());
    }

    /** The documented sample with one piece replaced; fails loudly if the piece is not there. */
    private static String with(String piece, String replacement) {
        String sample = WireSamples.SAMPLE_JSON;
        if (!sample.contains(piece)) {
            throw new IllegalArgumentException("sample has no " + piece);
        }
        return sample.replace(piece, replacement);
    }
}
