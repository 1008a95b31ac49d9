package dev.duplex.apply.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits MySQL/MariaDB statement text into tokens, enough to read the clauses of an ALTER TABLE:
 * comments are skipped (an executable comment {@code /*!50100 ... *}{@code /} or {@code /*M!...}
 * counts as code), backquoted names are undone, strings are kept whole so their commas and
 * parentheses do not count.
 */
final class SqlTokens {
    enum Kind { WORD, QUOTED_NAME, STRING, SYMBOL }

    record Token(Kind kind, String text) {
        /** A name: an unquoted word or a backquoted name. */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_NAME;
        }

        /** The unquoted keyword {@code word}, in any case. */
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.charAt(0) == c;
        }

        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private SqlTokens() {}

    static List<Token> of(String sql) {
        List<Token> out = new ArrayList<>();
        int open = 0; // executable comments whose closing */ is still ahead
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '#' || (ch == '-' && sql.startsWith("--", i) && (i + 2 == n
                    || Character.isWhitespace(sql.charAt(i + 2))))) {
                i = lineEnd(sql, i);
            } else if (sql.startsWith("/*!", i) || sql.startsWith("/*M!", i)) {
                i = digitsEnd(sql, i + (sql.charAt(i + 2) == 'M' ? 4 : 3));
                open++;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (open > 0 && sql.startsWith("*/", i)) {
                open--;
                i += 2;
            } else if (ch == '`') {
                i = quoted(sql, i, '`', Kind.QUOTED_NAME, out);
            } else if (ch == '\'' || ch == '"') {
                i = quoted(sql, i, ch, Kind.STRING, out);
            } else if (isWordChar(ch)) {
                int start = i;
                while (i < n && isWordChar(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.WORD, sql.substring(start, i)));
            } else {
                out.add(new Token(Kind.SYMBOL, String.valueOf(ch)));
                i++;
            }
        }
        return out;
    }

    private static boolean isWordChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$' || ch > 0x7f;
    }

    private static int lineEnd(String sql, int from) {
        int end = sql.indexOf('\n', from);
        return end < 0 ? sql.length() : end + 1;
    }

    private static int digitsEnd(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Reads a quoted token from {@code start}; a doubled quote is one, a backslash escapes in strings. */
    private static int quoted(String sql, int start, char quote, Kind kind, List<Token> out) {
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (i < sql.length()) {
            char ch = sql.charAt(i);
            if (ch == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                text.append(quote);
                i += 2;
            } else if (ch == quote) {
                out.add(new Token(kind, text.toString()));
                return i + 1;
            } else if (ch == '\\' && kind == Kind.STRING && i + 1 < sql.length()) {
                text.append(sql.charAt(i + 1));
                i += 2;
            } else {
                text.append(ch);
                i++;
            }
        }
        out.add(new Token(kind, text.toString())); // unterminated: the server refused it anyway
        return i;
    }
}
