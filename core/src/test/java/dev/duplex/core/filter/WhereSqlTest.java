package dev.duplex.core.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhereSqlTest {

    private static WhereSql sql(String filter) {
        return WhereFilter.parse(filter).sql();
    }

    @Test
    void shouldBindEveryLiteralAndQuoteEveryColumn() {
        WhereSql s = sql("region = 'EU' AND qty > -12.50");
        assertEquals("((`region` = _utf8mb4 ?) AND (`qty` > ?))", s.sql());
        assertEquals(List.of("EU", new BigDecimal("-12.50")), s.parameters());
    }

    @Test
    void shouldKeepNoTextOfALiteralThatWouldBreakOutUnderAnotherSqlMode() {
        WhereSql nbe = sql("name = 'x\\' OR 1=1 #'\nOR name = 'z'");
        assertEquals("((`name` = _utf8mb4 ?) OR (`name` = _utf8mb4 ?))", nbe.sql());
        assertEquals(List.of("x' OR 1=1 #", "z"), nbe.parameters());
        WhereSql ansi = sql("region = \"region\"");
        assertEquals("(`region` = _utf8mb4 ?)", ansi.sql());
        assertEquals(List.of("region"), ansi.parameters());
    }

    @Test
    void shouldEscapeBackquotesInColumnNames() {
        assertEquals("(`a``b?'\"` IS NOT NULL)", sql("`a``b?'\"` IS NOT NULL").sql());
    }

    @Test
    void shouldParenthesizeNotSoHighNotPrecedenceCannotRebindIt() {
        assertEquals("(NOT (`id` BETWEEN ? AND ?))", sql("NOT id BETWEEN 2 AND 3").sql());
        assertEquals("(`id` NOT BETWEEN ? AND ?)", sql("id NOT BETWEEN 2 AND 3").sql());
    }

    @Test
    void shouldIntroduceStringParametersAsUtf8SoTheDriverCannotMakeThemBinary() {
        WhereSql s = sql("a = 'x\\\\y' AND b = 1.5");
        assertEquals("((`a` = _utf8mb4 ?) AND (`b` = ?))", s.sql());
        assertEquals(List.of("x\\y", new BigDecimal("1.5")), s.parameters());
    }

    @Test
    void shouldGiveEveryLikeAnExplicitEscape() {
        WhereSql s = sql("a LIKE '50\\%' OR b NOT LIKE 'x!_%' ESCAPE '!'");
        assertEquals("((`a` LIKE _utf8mb4 ? ESCAPE _utf8mb4 ?) OR (`b` NOT LIKE _utf8mb4 ? ESCAPE _utf8mb4 ?))", s.sql());
        assertEquals(List.of("50\\%", "\\", "x!_%", "!"), s.parameters());
    }

    @Test
    void shouldRenderTheEmptyStringSoEmptyStringIsNullCannotTurnItIntoNull() {
        WhereSql s = sql("a = '' OR a = \"\"");
        assertEquals("((`a` = SPACE(0)) OR (`a` = SPACE(0)))", s.sql());
        assertTrue(s.parameters().isEmpty());
    }

    @Test
    void shouldRenderKeywordsInListsAndComparisonsAsOperands() {
        WhereSql s = sql("(a = 1) = FALSE AND b IN (1, 'x', NULL) AND c NOT IN (TRUE) AND d IS NULL");
        assertEquals("(((`a` = ?) = FALSE) AND (`b` IN (?, _utf8mb4 ?, NULL)) AND (`c` NOT IN (TRUE)) AND (`d` IS NULL))",
                s.sql());
        assertEquals(List.of(BigDecimal.ONE, BigDecimal.ONE, "x"), s.parameters());
    }

    @Test
    void shouldRenderEveryComparisonOperator() {
        assertEquals("((`a` = ?) OR (`a` <> ?) OR (`a` <> ?) OR (`a` < ?) OR (`a` <= ?) OR (`a` > ?) OR (`a` >= ?)"
                        + " OR (`a` <=> ?))",
                sql("a = 1 OR a != 1 OR a <> 1 OR a < 1 OR a <= 1 OR a > 1 OR a >= 1 OR a <=> 1").sql());
    }

    @Test
    void shouldRenderALongChainFlatInOneParenthesis() {
        WhereSql s = sql(String.join(" OR ", Collections.nCopies(1000, "a = 1")));
        assertEquals("(" + String.join(" OR ", Collections.nCopies(1000, "(`a` = ?)")) + ")", s.sql());
        assertEquals(1000, s.parameters().size());
    }

    @Test
    void shouldRenderAllAsTrue() {
        assertEquals(new WhereSql("TRUE", List.of()), WhereFilter.all().sql());
        assertFalse(WhereFilter.all().sql().sql().contains("?"));
    }
}
