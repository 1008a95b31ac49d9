package dev.duplex.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What of a message's quoted text may be shown. */
class QuotedTextTest {

    @Test
    void shouldHideStringLiteralsAndKeepNamesTypesAndNumbers() {
        assertEquals("ALTER TABLE `it's` ADD c VARCHAR(10) NOT NULL DEFAULT '<redacted>' COMMENT \"<redacted>\","
                        + " ADD CONSTRAINT ck CHECK (c <> '<redacted>' AND n > 5)",
                QuotedText.hide("ALTER TABLE `it's` ADD c VARCHAR(10) NOT NULL DEFAULT 'sekrit' COMMENT \"sekrit\","
                        + " ADD CONSTRAINT ck CHECK (c <> 'sekrit' AND n > 5)"));
    }

    @Test
    void shouldKeepEscapedAndDoubledQuotesInsideTheirLiteral() {
        assertEquals("DEFAULT '<redacted>' x", QuotedText.hide("DEFAULT 'it''s sekrit' x"));
        assertEquals("DEFAULT '<redacted>' x", QuotedText.hide("DEFAULT 'it\\'s sekrit' x"));
        assertEquals("DEFAULT X'<redacted>', _utf8mb4'<redacted>', ''",
                QuotedText.hide("DEFAULT X'0BAD', _utf8mb4'sekrit', ''"));
    }

    @Test
    void shouldHideALiteralCutOffByTheEndOfTheTextToTheEnd() {
        assertEquals("DEFAULT '<redacted>", QuotedText.hide("DEFAULT 'sekrit-and-then-cut"));
        assertEquals("`unterminated name", QuotedText.hide("`unterminated name"));
    }

    @Test
    void shouldHideWhatAParserQuotesFromTheDocument() {
        assertEquals("Unrecognized token '<redacted>': was expecting (\"<redacted>\")",
                QuotedText.hide("Unrecognized token 'hunter2': was expecting (\"JSON String\")"));
    }

    @Test
    void shouldKeepTheQuotedTextTheCallerNamesAsSafe() {
        Set<String> columns = Set.of("gen");
        assertEquals("Incorrect integer value: '<redacted>' for column 'gen' at row 3",
                QuotedText.hide("Incorrect integer value: 'secret 42' for column 'gen' at row 3",
                        s -> columns.contains(s.toLowerCase())));
    }
}
