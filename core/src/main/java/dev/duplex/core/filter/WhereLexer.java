package dev.duplex.core.filter;

import java.util.ArrayList;
import java.util.List;

/** Splits filter text into tokens: identifiers, `quoted` identifiers, strings, numbers, symbols. */
final class WhereLexer {

    private final String text;
    private int i;

    private WhereLexer(String text) {
        this.text = text;
    }

    static List<WhereToken> tokenize(String text) {
        WhereLexer lexer = new WhereLexer(text);
        List<WhereToken> tokens = new ArrayList<>();
        WhereToken t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != WhereToken.Kind.END);
        return tokens;
    }

    private WhereToken next() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            return new WhereToken(WhereToken.Kind.END, "", text.length() + 1);
        }
        char c = text.charAt(i);
        int start = i;
        if (c == '\'' || c == '"') {
            return new WhereToken(WhereToken.Kind.STRING, quoted(c), start + 1);
        }
        if (c == '`') {
            return quotedIdentifier(start);
        }
        if (isDigit(c) || (c == '.' && i + 1 < text.length() && isDigit(text.charAt(i + 1)))) {
            return new WhereToken(WhereToken.Kind.NUMBER, number(), start + 1);
        }
        if (Character.isLetter(c) || c == '_' || c == '$') {
            while (i < text.length() && isIdentifierPart(text.charAt(i))) {
                i++;
            }
            return new WhereToken(WhereToken.Kind.IDENTIFIER, text.substring(start, i), start + 1);
        }
        return new WhereToken(WhereToken.Kind.SYMBOL, symbol(start), start + 1);
    }

    /** ASCII only: Character.isDigit would take '٣' for 3, which MySQL reads as a name. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** A string literal: doubled quotes and MySQL's backslash escapes. */
    private String quoted(char quote) {
        int start = i++;
        StringBuilder sb = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == quote) {
                if (i < text.length() && text.charAt(i) == quote) {
                    sb.append(quote);
                    i++;
                    continue;
                }
                return sb.toString();
            }
            if (c == '\\' && i < text.length()) {
                sb.append(unescape(text.charAt(i++)));
            } else {
                sb.append(c);
            }
        }
        throw new WhereParseException("unterminated string starting", start + 1, "closing " + quote);
    }

    /**
     * MySQL's escapes. {@code \%} and {@code \_} keep their backslash so that LIKE still sees an
     * escaped wildcard, as MySQL does.
     */
    private static String unescape(char c) {
        return switch (c) {
            case '0' -> "\0";
            case 'b' -> "\b";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'Z' -> "\u001A";
            case '%' -> "\\%";
            case '_' -> "\\_";
            default -> String.valueOf(c);
        };
    }

    private WhereToken quotedIdentifier(int start) {
        i++;
        StringBuilder sb = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == '`') {
                if (i < text.length() && text.charAt(i) == '`') {
                    sb.append('`');
                    i++;
                    continue;
                }
                return new WhereToken(WhereToken.Kind.QUOTED_IDENTIFIER, sb.toString(), start + 1);
            }
            sb.append(c);
        }
        throw new WhereParseException("unterminated `quoted` column name starting", start + 1, "closing `");
    }

    private String number() {
        int start = i;
        digits();
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int mark = i++;
            if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int before = i;
            digits();
            if (i == before) {
                i = mark;
            }
        }
        if (i < text.length() && isIdentifierPart(text.charAt(i))) {
            throw new WhereParseException("malformed number '" + text.substring(start, i + 1) + "'",
                    start + 1, "a number");
        }
        return text.substring(start, i);
    }

    private void digits() {
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
    }

    private String symbol(int start) {
        for (String s : List.of("<=>", "<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ",", "-", "+")) {
            if (text.startsWith(s, start)) {
                i += s.length();
                return s;
            }
        }
        throw new WhereParseException("unexpected character '" + text.charAt(start) + "'", start + 1,
                "a column, a value or an operator");
    }
}
