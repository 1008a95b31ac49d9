package dev.duplex.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Op;
import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhereEvaluatorTest {

    private static final Value NULL = Value.Null.INSTANCE;

    private static Map<String, Value> row(Object... kv) {
        Map<String, Value> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Value) kv[i + 1]);
        }
        return m;
    }

    private static Truth eval(String filter, Map<String, Value> row) {
        return WhereFilter.parse(filter).evaluate(WhereFilter.lookup(row), Dialect.MARIADB);
    }

    private static Value text(String s) {
        return new Value.Text(s);
    }

    private static Value integer(long v) {
        return new Value.Int(v);
    }

    @Test
    void shouldFollowThreeValuedLogicForAndOrNot() {
        // p and q each TRUE (1), FALSE (0) or UNKNOWN (NULL).
        Value[] vals = {integer(1), integer(0), NULL};
        Truth[] truths = {Truth.TRUE, Truth.FALSE, Truth.UNKNOWN};
        Truth[][] and = {{Truth.TRUE, Truth.FALSE, Truth.UNKNOWN}, {Truth.FALSE, Truth.FALSE, Truth.FALSE},
                {Truth.UNKNOWN, Truth.FALSE, Truth.UNKNOWN}};
        Truth[][] or = {{Truth.TRUE, Truth.TRUE, Truth.TRUE}, {Truth.TRUE, Truth.FALSE, Truth.UNKNOWN},
                {Truth.TRUE, Truth.UNKNOWN, Truth.UNKNOWN}};
        Truth[] not = {Truth.FALSE, Truth.TRUE, Truth.UNKNOWN};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                Map<String, Value> r = row("p", vals[i], "q", vals[j]);
                assertEquals(and[i][j], eval("p = 1 AND q = 1", r), "AND " + truths[i] + " " + truths[j]);
                assertEquals(or[i][j], eval("p = 1 OR q = 1", r), "OR " + truths[i] + " " + truths[j]);
            }
            assertEquals(not[i], eval("NOT p = 1", row("p", vals[i])), "NOT " + truths[i]);
        }
    }

    @Test
    void shouldNotSelectRowWhenComparisonWithNullIsUnknown() {
        WhereFilter f = WhereFilter.parse("region = 'EU'");
        assertFalse(f.matches(row("region", NULL), Dialect.MARIADB));
        assertFalse(WhereFilter.parse("NOT region = 'EU'").matches(row("region", NULL), Dialect.MARIADB));
        assertFalse(WhereFilter.parse("region <> 'EU'").matches(row("region", NULL), Dialect.MARIADB));
        assertEquals(Truth.UNKNOWN, eval("region = NULL", row("region", NULL)));
    }

    @Test
    void shouldTestNullWithIsAndNullSafeEquality() {
        assertEquals(Truth.TRUE, eval("d IS NULL", row("d", NULL)));
        assertEquals(Truth.FALSE, eval("d IS NOT NULL", row("d", NULL)));
        assertEquals(Truth.TRUE, eval("d <=> NULL", row("d", NULL)));
        assertEquals(Truth.FALSE, eval("d <=> 1", row("d", NULL)));
    }

    @Test
    void shouldEvaluateInWithNullsLikeMysql() {
        assertEquals(Truth.TRUE, eval("s IN ('a', NULL, 'b')", row("s", text("b"))));
        assertEquals(Truth.UNKNOWN, eval("s IN ('a', NULL)", row("s", text("c"))));
        assertEquals(Truth.FALSE, eval("s IN ('a', 'b')", row("s", text("c"))));
        assertEquals(Truth.UNKNOWN, eval("s NOT IN ('a', NULL)", row("s", text("c"))));
        assertEquals(Truth.TRUE, eval("s NOT IN ('a', 'b')", row("s", text("c"))));
        assertEquals(Truth.UNKNOWN, eval("s IN ('a')", row("s", NULL)));
    }

    @Test
    void shouldEvaluateBetweenInclusively() {
        assertEquals(Truth.TRUE, eval("n BETWEEN 1 AND 5", row("n", integer(1))));
        assertEquals(Truth.TRUE, eval("n BETWEEN 1 AND 5", row("n", integer(5))));
        assertEquals(Truth.FALSE, eval("n BETWEEN 1 AND 5", row("n", integer(6))));
        assertEquals(Truth.TRUE, eval("n NOT BETWEEN 1 AND 5", row("n", integer(0))));
        assertEquals(Truth.UNKNOWN, eval("n BETWEEN 1 AND 5", row("n", NULL)));
        assertEquals(Truth.FALSE, eval("n BETWEEN 1 AND NULL", row("n", integer(0))));
    }

    @Test
    void shouldMatchLikeWildcardsAndEscapes() {
        assertEquals(Truth.TRUE, eval("s LIKE 'ab%'", row("s", text("abcdef"))));
        assertEquals(Truth.TRUE, eval("s LIKE '%c%f'", row("s", text("abcdef"))));
        assertEquals(Truth.TRUE, eval("s LIKE 'a_c'", row("s", text("abc"))));
        assertEquals(Truth.FALSE, eval("s LIKE 'a_c'", row("s", text("abbc"))));
        assertEquals(Truth.TRUE, eval("s LIKE '50\\%'", row("s", text("50%"))));
        assertEquals(Truth.FALSE, eval("s LIKE '50\\%'", row("s", text("500"))));
        assertEquals(Truth.TRUE, eval("s LIKE 'a\\_b'", row("s", text("a_b"))));
        assertEquals(Truth.FALSE, eval("s LIKE 'a\\_b'", row("s", text("axb"))));
        assertEquals(Truth.TRUE, eval("s LIKE '1!%' ESCAPE '!'", row("s", text("1%"))));
        assertEquals(Truth.TRUE, eval("s NOT LIKE 'x%'", row("s", text("abc"))));
        assertEquals(Truth.UNKNOWN, eval("s LIKE 'x%'", row("s", NULL)));
        assertEquals(Truth.TRUE, eval("s LIKE '%'", row("s", text(""))));
    }

    @Test
    void shouldCompareTextCaseInsensitivelyButBytesExactly() {
        assertEquals(Truth.TRUE, eval("s = 'eu'", row("s", text("EU"))));
        assertEquals(Truth.TRUE, eval("s LIKE 'E%'", row("s", text("eu"))));
        assertEquals(Truth.TRUE, eval("s < 'b'", row("s", text("A"))));
        Value bytes = new Value.Bytes("EU".getBytes(StandardCharsets.UTF_8));
        assertEquals(Truth.FALSE, eval("s = 'eu'", row("s", bytes)));
        assertEquals(Truth.TRUE, eval("s = 'EU'", row("s", bytes)));
    }

    @Test
    void shouldCompareUnsignedValuesBeyondSignedRange() {
        Value max = Value.UInt.parse("18446744073709551615");
        assertEquals(Truth.TRUE, eval("u > 9223372036854775807", row("u", max)));
        assertEquals(Truth.TRUE, eval("u = 18446744073709551615", row("u", max)));
        assertEquals(Truth.FALSE, eval("u < 0", row("u", max)));
    }

    @Test
    void shouldCompareDecimalsAndFloatsExactly() {
        assertEquals(Truth.TRUE, eval("d = 1.5", row("d", new Value.Decimal(new BigDecimal("1.50")))));
        assertEquals(Truth.TRUE, eval("d > 0.1", row("d", new Value.Decimal(new BigDecimal("0.10000000000000000001")))));
        assertEquals(Truth.TRUE, eval("f = 0.1", row("f", new Value.Float32(0.1f))));
        assertEquals(Truth.TRUE, eval("f = 0.1", row("f", new Value.Float64(0.1))));
        assertEquals(Truth.TRUE, eval("n >= -3", row("n", integer(-3))));
        assertEquals(Truth.TRUE, eval("n < 2.5", row("n", integer(2))));
        assertEquals(Truth.TRUE, eval("y = 2024", row("y", new Value.Year(2024))));
    }

    @Test
    void shouldCompareNumbersWithNumericStringsAsNumbers() {
        assertEquals(Truth.TRUE, eval("n = '10'", row("n", integer(10))));
        assertEquals(Truth.TRUE, eval("n > '9'", row("n", integer(10))));
        assertEquals(Truth.TRUE, eval("s = 10", row("s", text("10abc"))));
    }

    @Test
    void shouldCompareTemporalValuesByText() {
        Value dt = new Value.DateTime("2024-03-01 12:00:00");
        assertEquals(Truth.TRUE, eval("t >= '2024-01-01 00:00:00'", row("t", dt)));
        assertEquals(Truth.FALSE, eval("t < '2024-01-01'", row("t", dt)));
        assertEquals(Truth.TRUE, eval("d = '0000-00-00'", row("d", new Value.Date("0000-00-00"))));
    }

    @Test
    void shouldTreatBooleansAsOneAndZero() {
        assertEquals(Truth.TRUE, eval("active = TRUE", row("active", integer(1))));
        assertEquals(Truth.TRUE, eval("active", row("active", integer(7))));
        assertEquals(Truth.FALSE, eval("active", row("active", integer(0))));
        assertEquals(Truth.UNKNOWN, eval("active", row("active", NULL)));
        assertEquals(Truth.TRUE, eval("(a = 1) = FALSE", row("a", integer(2))));
        assertEquals(Truth.TRUE, eval("TRUE", row()));
    }

    @Test
    void shouldFindColumnsWithoutCaseAndRejectUnknownColumns() {
        assertEquals(Truth.TRUE, eval("REGION = 'EU'", row("region", text("EU"))));
        WhereFilter f = WhereFilter.parse("region = 'EU'");
        assertTrue(f.matches(WhereFilter.lookup(List.of("id", "Region"), List.of(integer(1), text("eu"))), Dialect.MARIADB));
        FilterEvaluationException e = assertThrows(FilterEvaluationException.class, () -> f.matches(row("id", integer(1)), Dialect.MARIADB));
        assertTrue(e.getMessage().contains("region"), e.getMessage());
    }

    @Test
    void shouldShortCircuitOnlyWhenTheResultIsDecided() {
        // The right side is not needed, so a column missing there does not matter.
        assertEquals(Truth.FALSE, eval("a = 1 AND missing = 1", row("a", integer(2))));
        assertEquals(Truth.TRUE, eval("a = 1 OR missing = 1", row("a", integer(1))));
    }

    @Test
    void shouldTurnUpdatesCrossingTheFilterIntoInsertsAndDeletes() {
        WhereFilter f = WhereFilter.parse("region = 'EU'");
        var eu = WhereFilter.lookup(row("region", text("EU")));
        var us = WhereFilter.lookup(row("region", text("US")));
        assertEquals(Optional.of(Op.UPDATE), f.effectiveOp(Op.UPDATE, eu, eu, Dialect.MARIADB));
        assertEquals(Optional.of(Op.INSERT), f.effectiveOp(Op.UPDATE, us, eu, Dialect.MARIADB));
        assertEquals(Optional.of(Op.DELETE), f.effectiveOp(Op.UPDATE, eu, us, Dialect.MARIADB));
        assertEquals(Optional.empty(), f.effectiveOp(Op.UPDATE, us, us, Dialect.MARIADB));
        assertEquals(Optional.of(Op.INSERT), f.effectiveOp(Op.INSERT, null, eu, Dialect.MARIADB));
        assertEquals(Optional.empty(), f.effectiveOp(Op.INSERT, null, us, Dialect.MARIADB));
        assertEquals(Optional.of(Op.DELETE), f.effectiveOp(Op.DELETE, eu, null, Dialect.MARIADB));
        assertEquals(Optional.empty(), f.effectiveOp(Op.DELETE, us, null, Dialect.MARIADB));
        assertEquals(Optional.of(Op.DELETE), WhereFilter.all().effectiveOp(Op.DELETE, us, null, Dialect.MARIADB));
    }

    @Test
    void shouldSelectEveryRowWithoutFilter() {
        assertTrue(WhereFilter.all().matches(row(), Dialect.MARIADB));
        assertTrue(WhereFilter.all().isAll());
        assertEquals("", WhereFilter.all().text());
    }

    // The expectations below are what MariaDB 10.11 answers for the same expressions.

    @Test
    void shouldCompareAllOfBetweenAsNumbersWhenAnyIsANumber() {
        assertEquals(Truth.TRUE, eval("'a' BETWEEN 'b' AND 5", row()));
        assertEquals(Truth.FALSE, eval("'10' BETWEEN '9' AND '11'", row()));
        assertEquals(Truth.TRUE, eval("'10' BETWEEN 9 AND '11'", row()));
        assertEquals(Truth.TRUE, eval("s BETWEEN 'b' AND 5", row("s", text("a"))));
    }

    @Test
    void shouldCompareBetweenByteExactWhenAnyArgumentIsBinary() {
        assertEquals(Truth.TRUE, eval("'A' BETWEEN 'a' AND 'b'", row()));
        assertEquals(Truth.FALSE, eval("'A' BETWEEN 'a' AND bin", row("bin", new Value.Bytes(new byte[] {'b'}))));
    }

    @Test
    void shouldCompareEveryInItemByteExactWhenAnyArgumentIsBinary() {
        assertEquals(Truth.TRUE, eval("'a' IN ('x', 'A')", row()));
        assertEquals(Truth.FALSE, eval("'a' IN (bin, 'A')", row("bin", new Value.Bytes(new byte[] {'x'}))));
        assertEquals(Truth.FALSE, eval("'a' IN ('b', 5)", row()), "each item on its own: 'a' = 5 is 0 = 5");
    }

    @Test
    void shouldOrderTextLikeGeneralCiWhereUpperAndLowerCaseDisagree() {
        assertEquals(Truth.FALSE, eval("'_' < 'e'", row()));
        assertEquals(Truth.TRUE, eval("'a' < '_'", row()));
        assertEquals(Truth.FALSE, eval("'[' < 'a'", row()));
        assertEquals(Truth.TRUE, eval("'{' > 'z'", row()));
        assertEquals(Truth.TRUE, eval("s < 'ab'", row("s", text("A"))));
    }

    @Test
    void shouldReadStringsBeyondDoubleRangeAsMySqlDoesWithoutThrowing() {
        assertEquals(Truth.TRUE, eval("s > 1e64", row("s", text("1e99999999999"))));
        assertEquals(Truth.TRUE, eval("s < -1e64", row("s", text("-1e99999999999"))));
        assertEquals(Truth.TRUE, eval("s = 0", row("s", text("1e-99999999999"))));
        assertEquals(Truth.TRUE, eval("s = 0", row("s", text("1e-400"))));
        assertEquals(Truth.TRUE, eval("s BETWEEN 1 AND 1e64", row("s", text("12abc"))));
        assertEquals(Truth.TRUE, eval("s = 1500", row("s", text(" 1.5e3x"))));
        assertEquals(Truth.TRUE, eval("s = 0", row("s", text("e5"))));
        assertEquals(Truth.TRUE, eval("s = 0.001", row("s", text("0000.00100"))));
        assertEquals(Truth.TRUE, eval("s > 1e64", row("s", text("9".repeat(1_000_000)))));
        assertEquals(Truth.FALSE, eval("s", row("s", text("-0.0e7"))));
    }

    @Test
    void shouldReadAStringComparedWithAnIntegerAsMariaDbReadsADecimal() {
        Map<String, Value> spaced = row("s", text("+5e 9-"), "i", integer(10), "d", new Value.Decimal(new BigDecimal("10")));
        assertEquals(Truth.FALSE, eval("s <= 10", spaced), "as DECIMAL, spaces before the exponent count: 5000000000");
        assertEquals(Truth.FALSE, eval("s <= i", spaced));
        assertEquals(Truth.TRUE, eval("s <= 10.0", spaced), "with a DECIMAL it is a DOUBLE: 5");
        assertEquals(Truth.TRUE, eval("s <= d", spaced));
        assertEquals(Truth.TRUE, eval("s BETWEEN 4.5 AND 6", spaced), "BETWEEN folds STRING, DECIMAL, INT to DOUBLE");
        assertEquals(Truth.FALSE, eval("s BETWEEN 4 AND 6.5", spaced), "and STRING, INT, DECIMAL to DECIMAL");
        assertEquals(Truth.TRUE, eval("s = 0", row("s", text("1e-40"))), "rounded to 39 decimals");
        assertEquals(Truth.TRUE, eval("s > 0", row("s", text("5e-40"))), "half up");
        assertEquals(Truth.FALSE, eval("s", row("s", text("1e -99"))), "a condition is a DECIMAL too");
        assertEquals(Truth.TRUE, eval("s = 10", row("s", text("10.0000000000000000000000000000000000000001"))));
        assertEquals(Truth.TRUE, eval("s > 10", row("s", text("10.000000000000000000000000000000000000009"))));
    }

    @Test
    void shouldReadAStringComparedWithANumberAsMySqlReadsADouble() {
        Map<String, Value> spaced = row("s", text("+5e 9-"), "i", integer(10));
        assertEquals(Truth.TRUE, WhereFilter.parse("s <= 10").evaluate(WhereFilter.lookup(spaced), Dialect.MYSQL));
        assertEquals(Truth.TRUE, WhereFilter.parse("s <= i").evaluate(WhereFilter.lookup(spaced), Dialect.MYSQL));
        assertEquals(Truth.TRUE, WhereFilter.parse("s").evaluate(WhereFilter.lookup(row("s", text("1e -99"))),
                Dialect.MYSQL));
    }
}
