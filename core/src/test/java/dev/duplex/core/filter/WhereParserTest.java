package dev.duplex.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duplex.core.model.Value;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WhereParserTest {

    private static Expr parse(String text) {
        return WhereFilter.parse(text).expression().orElseThrow();
    }

    private static WhereParseException error(String text) {
        return assertThrows(WhereParseException.class, () -> WhereFilter.parse(text));
    }

    @Test
    void shouldParseComparisonOfColumnAndString() {
        assertEquals(new Expr.Compare(new Expr.Column("region"), CompareOp.EQ, new Expr.StringLiteral("EU")),
                parse("region = 'EU'"));
    }

    @Test
    void shouldGiveAndPrecedenceOverOr() {
        Expr e = parse("a = 1 OR b = 2 AND c = 3");
        Expr.Or or = (Expr.Or) e;
        assertTrue(or.right() instanceof Expr.And);
    }

    @Test
    void shouldApplyNotToTheWholeComparison() {
        Expr e = parse("NOT a = 1");
        assertEquals(new Expr.Not(new Expr.Compare(new Expr.Column("a"), CompareOp.EQ,
                new Expr.NumberLiteral(BigDecimal.ONE))), e);
    }

    @Test
    void shouldTreatBangEqualsAndAngleBracketsAlike() {
        assertEquals(parse("a <> 1"), parse("a != 1"));
    }

    @Test
    void shouldParseNegativeAndDecimalNumbersExactly() {
        Expr e = parse("price > -12.50");
        assertEquals(new Expr.NumberLiteral(new BigDecimal("-12.50")), ((Expr.Compare) e).right());
    }

    @Test
    void shouldParseInNotInBetweenIsNullAndLike() {
        assertEquals(new Expr.In(new Expr.Column("s"), List.of(new Expr.StringLiteral("a"), new Expr.StringLiteral("b")),
                true), parse("s NOT IN ('a', 'b')"));
        assertTrue(parse("n NOT BETWEEN 1 AND 5") instanceof Expr.Between b && b.negated());
        assertEquals(new Expr.IsNull(new Expr.Column("d"), true), parse("d IS NOT NULL"));
        assertEquals(new Expr.Like(new Expr.Column("n"), new Expr.StringLiteral("a%"), '\\', false), parse("n LIKE 'a%'"));
        assertEquals(new Expr.Like(new Expr.Column("n"), new Expr.StringLiteral("a!%"), '!', true),
                parse("n NOT LIKE 'a!%' ESCAPE '!'"));
    }

    @Test
    void shouldReadStringEscapes() {
        assertEquals(new Expr.StringLiteral("it's \"x\"\n"), ((Expr.Compare) parse("a = 'it''s \\\"x\\\"\\n'")).right());
        assertEquals(new Expr.StringLiteral("O'Brien"), ((Expr.Compare) parse("a = 'O\\'Brien'")).right());
        assertEquals(new Expr.StringLiteral("x"), ((Expr.Compare) parse("a = \"x\"")).right());
    }

    @Test
    void shouldKeepBackslashBeforeLikeWildcards() {
        assertEquals(new Expr.StringLiteral("50\\%"), ((Expr.Like) parse("a LIKE '50\\%'")).pattern());
    }

    @Test
    void shouldReadBacktickColumnsKeywordsAndBooleans() {
        assertEquals(new Expr.Compare(new Expr.Column("order by"), CompareOp.EQ, new Expr.BooleanLiteral(true)),
                parse("`order by` = TRUE"));
        assertEquals(new Expr.Column("a`b"), ((Expr.IsNull) parse("`a``b` IS NULL")).operand());
        assertEquals(new Expr.BooleanLiteral(false), parse("false"));
    }

    @Test
    void shouldListColumnsOfTheExpression() {
        assertEquals(Set.of("region", "qty", "sku", "name"),
                WhereFilter.parse("(region = 'EU' OR qty BETWEEN 1 AND 5) AND sku IN ('a') AND name LIKE 'x%'").columns());
        assertEquals(Set.of(), WhereFilter.all().columns());
    }

    @Test
    void shouldReportMissingOperandAtEndOfInput() {
        WhereParseException e = error("region = ");
        assertEquals(10, e.position());
        assertTrue(e.getMessage().contains("unexpected end of input at position 10"), e.getMessage());
        assertEquals("a column or a value", e.expected());
    }

    @Test
    void shouldReportMissingClosingParenthesis() {
        WhereParseException e = error("(a = 1 OR b = 2");
        assertEquals(16, e.position());
        assertEquals("')'", e.expected());
        assertTrue(e.getMessage().contains("expected ')' but found end of input"), e.getMessage());
    }

    @Test
    void shouldReportUnterminatedString() {
        WhereParseException e = error("a = 'abc");
        assertEquals(5, e.position());
        assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());
    }

    @Test
    void shouldReportTrailingGarbage() {
        WhereParseException e = error("a = 1 b = 2");
        assertEquals(7, e.position());
        assertTrue(e.getMessage().contains("unexpected 'b'"), e.getMessage());
    }

    @Test
    void shouldRejectDoubleEqualsAndFunctions() {
        assertEquals(4, error("a == 1").position());
        WhereParseException f = error("lower(a) = 'x'");
        assertEquals(1, f.position());
        assertTrue(f.getMessage().contains("functions are not supported"), f.getMessage());
    }

    @Test
    void shouldRejectKeywordWhereOperandExpectedAndDanglingNot() {
        assertEquals(5, error("a = AND").position());
        WhereParseException e = error("a NOT 1");
        assertEquals(7, e.position());
        assertEquals("IN, BETWEEN or LIKE", e.expected());
    }

    @Test
    void shouldRejectBetweenWithoutAnd() {
        WhereParseException e = error("a BETWEEN 1 OR 2");
        assertEquals(13, e.position());
        assertEquals("AND", e.expected());
    }

    @Test
    void shouldRejectEmptyFilterAndStrayCharacters() {
        assertEquals(1, error("   ").position());
        WhereParseException e = error("a = 1; DROP TABLE t");
        assertEquals(6, e.position());
        assertTrue(e.getMessage().contains("unexpected character ';'"), e.getMessage());
    }

    @Test
    void shouldAcceptNestingUpToTheLimit() {
        String deep = "(".repeat(WhereFilter.MAX_NESTING) + "a = 1" + ")".repeat(WhereFilter.MAX_NESTING);
        assertEquals(parse("a = 1"), parse(deep));
        assertTrue(parse("NOT ".repeat(WhereFilter.MAX_NESTING) + "a") instanceof Expr.Not);
    }

    @Test
    void shouldRejectParenthesesNestedBeyondTheLimitWithThePosition() {
        int levels = WhereFilter.MAX_NESTING + 1;
        WhereParseException e = error("(".repeat(levels) + "a = 1" + ")".repeat(levels));
        assertEquals(levels, e.position(), "the '(' that goes one level too deep");
        assertTrue(e.getMessage().contains("more than 64 levels deep (the limit)"), e.getMessage());
    }

    @Test
    void shouldRejectNotChainsAndMixedNestingBeyondTheLimit() {
        WhereParseException e = error("NOT ".repeat(WhereFilter.MAX_NESTING + 1) + "a");
        assertEquals(4 * WhereFilter.MAX_NESTING + 1, e.position());
        WhereParseException mixed = error("NOT (".repeat(WhereFilter.MAX_NESTING) + "a" + ")".repeat(WhereFilter.MAX_NESTING));
        assertTrue(mixed.getMessage().contains("the limit"), mixed.getMessage());
    }

    @Test
    void shouldReportHugeNestingAsAParseErrorNotAStackOverflow() {
        assertTrue(error("(".repeat(200_000) + "a").getMessage().contains("the limit"));
        assertTrue(error("NOT ".repeat(200_000) + "a").getMessage().contains("the limit"));
        assertTrue(error("a IN (" + "(".repeat(200_000)).getMessage().contains("the limit"));
    }

    @Test
    void shouldBuildLongAndOrChainsAsShallowTrees() {
        String chain = String.join(" OR ", Collections.nCopies(100_000, "a = 1 AND b = 2"));
        WhereFilter f = WhereFilter.parse(chain);
        int depth = depth(f.expression().orElseThrow());
        assertTrue(depth <= 20, "depth " + depth);
        assertTrue(f.matches(Map.of("a", new Value.Int(1), "b", new Value.Int(2)), Dialect.MARIADB));
        assertFalse(f.matches(Map.of("a", new Value.Int(1), "b", new Value.Int(3)), Dialect.MARIADB));
        assertEquals(Set.of("a", "b"), f.columns());
    }

    @Test
    void shouldKeepShortChainsLeftDeep() {
        Expr e = parse("a = 1 OR b = 2 OR c = 3");
        assertTrue(e instanceof Expr.Or or && or.left() instanceof Expr.Or && or.right() instanceof Expr.Compare,
                e.toString());
    }

    @Test
    void shouldRejectNumbersMySqlCannotReadExactly() {
        assertEquals(5, error("a = 1e99999999999").position());
        assertEquals(6, error("a = -1e99999999999").position());
        assertTrue(error("a = 1e400").getMessage().contains("out of range"));
        assertTrue(error("a = 0." + "0".repeat(30) + "1").getMessage().contains("out of range"));
        assertTrue(error("a = 1" + "0".repeat(65)).getMessage().contains("out of range"));
        BigDecimal widest = ((Expr.NumberLiteral) ((Expr.Compare) parse("a = 1e64")).right()).value();
        assertEquals(0, new BigDecimal("1" + "0".repeat(64)).compareTo(widest));
        assertEquals(new Expr.NumberLiteral(new BigDecimal("-0." + "0".repeat(29) + "1")),
                ((Expr.Compare) parse("a = -1e-30")).right());
    }

    @Test
    void shouldReadOnlyAsciiDigitsAsNumbers() {
        assertTrue(error("a = \u0663").getMessage().contains("unexpected character"));
        assertTrue(error("a = \uff13").getMessage().contains("unexpected character"));
    }

    @Test
    void shouldRejectColumnNamesMySqlDoesNotAllow() {
        assertTrue(error("`a\0b` = 1").getMessage().contains("NUL"));
        assertEquals(1, error("`" + "x".repeat(65) + "` = 1").position());
        assertTrue(error("`a ` = 1").getMessage().contains("space"));
    }

    private static int depth(Expr e) {
        return switch (e) {
            case Expr.And a -> 1 + Math.max(depth(a.left()), depth(a.right()));
            case Expr.Or o -> 1 + Math.max(depth(o.left()), depth(o.right()));
            case Expr.Not n -> 1 + depth(n.operand());
            case Expr.Compare c -> 1 + Math.max(depth(c.left()), depth(c.right()));
            default -> 1;
        };
    }
}
