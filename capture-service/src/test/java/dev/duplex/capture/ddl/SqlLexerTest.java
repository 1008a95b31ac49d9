package dev.duplex.capture.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

    private static List<String> texts(String sql) {
        return SqlLexer.tokens(sql).stream().map(Token::text).toList();
    }

    @Test
    void shouldSkipCommentsButReadExecutableComments() {
        assertEquals(List.of("a", "b", "c", "d"), texts("a /* x */ b -- y\n c # z\n d"));
        assertEquals(List.of("a", "-", "-", "b"), texts("a --b"), "-- needs a space to start a comment");
        assertEquals(List.of("ALTER", "TABLE", "t", "ENGINE", "=", "InnoDB"),
                texts("/*!40101 ALTER TABLE t */ /*M!100100 ENGINE=InnoDB*/"));
        assertEquals(List.of("x"), texts("x /*+ hint */"));
    }

    @Test
    void shouldKeepQuotedNamesAndStringsWhole() {
        assertEquals(List.of("`a``b`", ".", "`c d`"), texts("`a``b`.`c d`"));
        assertEquals(List.of("'it''s'", "'a\\'b'", "\"x\\\"y\"", "'/* no */'", "'-- no'"),
                texts("'it''s' 'a\\'b' \"x\\\"y\" '/* no */' '-- no'"));
        Token quoted = SqlLexer.tokens("`t``x`").get(0);
        assertEquals("t`x", quoted.name());
        assertTrue(quoted.isName());
        assertFalse(SqlLexer.tokens("'t'").get(0).isName());
    }

    @Test
    void shouldReadQuotesAsTheSqlModeSays() {
        SqlQuoting ansi = SqlQuoting.ofSqlMode("ANSI_QUOTES");
        Token name = SqlLexer.tokens("\"a\"\"b\"", ansi).get(0);
        assertEquals(Token.Type.QUOTED, name.type());
        assertEquals("a\"b", name.name());
        assertEquals(List.of("'a\\'", ",", "b"), SqlLexer.tokens("'a\\', b", SqlQuoting.ofSqlMode("NO_BACKSLASH_ESCAPES"))
                .stream().map(Token::text).toList());
        assertEquals(1, SqlLexer.tokens("'a\\', b").size(), "by default the backslash escapes the quote");
    }

    @Test
    void shouldTellNumbersIdentifiersAndVariablesApart() {
        List<Token> t = SqlLexer.tokens("1e5 1.5 .5 0x1F 1abc $x @v @@session.sql_mode 'u'@'h' t.5");
        assertEquals(List.of(Token.Type.NUMBER, Token.Type.NUMBER, Token.Type.NUMBER, Token.Type.NUMBER,
                Token.Type.WORD, Token.Type.WORD, Token.Type.VARIABLE, Token.Type.VARIABLE, Token.Type.STRING,
                Token.Type.VARIABLE, Token.Type.WORD, Token.Type.SYMBOL, Token.Type.NUMBER),
                t.stream().map(Token::type).toList());
        assertEquals(List.of("<=>", "->>", "<=", ":="), texts("<=> ->> <= :="));
    }

    @Test
    void shouldGiveEachTokenItsPlaceInTheText() {
        String sql = "ALTER  TABLE /* c */ `db`.t";
        for (Token t : SqlLexer.tokens(sql)) {
            assertEquals(t.text(), sql.substring(t.start(), t.end()));
        }
    }
}
