package dev.duplex.capture.ddl;

import dev.duplex.capture.ddl.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a MySQL/MariaDB statement into its significant tokens, as the server reads it:
 * comments ({@code /* *}{@code /}, {@code -- } and {@code #}) are skipped, executable comments
 * ({@code /*!50100 ... *}{@code /}, MariaDB's {@code /*M!100100 ... *}{@code /}) are read as part
 * of the statement (the server that logged it ran them, and the other node will too), backquoted
 * names keep their doubled backquotes, strings their backslash and doubled-quote escapes.
 *
 * <p>A double-quoted text is a string, and a backslash escapes in strings, unless the statement's
 * {@link SqlQuoting} (its session's sql_mode) says {@code ANSI_QUOTES} or {@code NO_BACKSLASH_ESCAPES}.
 * Identifiers may start with a digit; a run of digits alone (with a fraction or exponent) is a number.
 */
public final class SqlLexer {
    private static final String[] OPERATORS = {"<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"};

    private final String sql;
    private final SqlQuoting quoting;
    private final List<Token> out = new ArrayList<>();
    private int i;
    private boolean inExecutableComment;

    private SqlLexer(String sql, SqlQuoting quoting) {
        this.sql = sql;
        this.quoting = quoting;
    }

    /** The tokens of {@code sql} read under the server's default sql_mode. */
    public static List<Token> tokens(String sql) {
        return tokens(sql, SqlQuoting.DEFAULT);
    }

    public static List<Token> tokens(String sql, SqlQuoting quoting) {
        SqlLexer lexer = new SqlLexer(sql == null ? "" : sql, quoting);
        lexer.run();
        return List.copyOf(lexer.out);
    }

    private void run() {
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || startsLineComment()) {
                skipToLineEnd();
            } else if (sql.startsWith("/*", i)) {
                comment();
            } else if (inExecutableComment && sql.startsWith("*/", i)) {
                inExecutableComment = false;
                i += 2;
            } else if (c == '`') {
                quoted(Type.QUOTED, '`');
            } else if (c == '"' && quoting.ansiQuotes()) {
                quoted(Type.QUOTED, c);
            } else if (c == '\'' || c == '"') {
                quoted(Type.STRING, c);
            } else if (c == '@') {
                variable();
            } else if (isWordChar(c)) {
                word();
            } else if (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)) && !afterName()) {
                number(i);
            } else {
                symbol();
            }
        }
    }

    /** {@code --} starts a comment only when a space or control character (or the end) follows. */
    private boolean startsLineComment() {
        if (!sql.startsWith("--", i)) {
            return false;
        }
        return i + 2 >= sql.length() || sql.charAt(i + 2) <= ' ';
    }

    private void skipToLineEnd() {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? sql.length() : nl + 1;
    }

    private void comment() {
        int body = i + 2;
        boolean mariaDb = sql.startsWith("M!", body);
        if (!inExecutableComment && (sql.startsWith("!", body) || mariaDb)) {
            int j = body + (mariaDb ? 2 : 1);
            while (j < sql.length() && j - body < 8 && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            inExecutableComment = true;
            i = j;
            return;
        }
        int close = sql.indexOf("*/", body);
        i = close < 0 ? sql.length() : close + 2;
    }

    private void quoted(Type type, char quote) {
        int start = i;
        int j = i + 1;
        int n = sql.length();
        while (j < n) {
            char c = sql.charAt(j);
            if (c == '\\' && type == Type.STRING && quoting.backslashEscapes()) {
                j += 2;
            } else if (c == quote) {
                if (j + 1 < n && sql.charAt(j + 1) == quote) {
                    j += 2;
                } else {
                    j++;
                    break;
                }
            } else {
                j++;
            }
        }
        i = Math.min(j, n);
        add(type, start, i);
    }

    /** {@code @x}, {@code @'x'}, {@code @`x`}, {@code @@session.x}: one token. */
    private void variable() {
        int start = i;
        i++;
        if (i < sql.length() && sql.charAt(i) == '@') {
            i++;
        }
        if (i < sql.length() && (sql.charAt(i) == '\'' || sql.charAt(i) == '"' || sql.charAt(i) == '`')) {
            char q = sql.charAt(i);
            int close = sql.indexOf(q, i + 1);
            i = close < 0 ? sql.length() : close + 1;
        } else {
            while (i < sql.length() && (isWordChar(sql.charAt(i)) || sql.charAt(i) == '.')) {
                i++;
            }
        }
        add(Type.VARIABLE, start, i);
    }

    private void word() {
        int start = i;
        while (i < sql.length() && isWordChar(sql.charAt(i))) {
            i++;
        }
        String text = sql.substring(start, i);
        if (text.chars().allMatch(Character::isDigit) || isNumberWithExponent(text) || isHexOrBits(text)) {
            number(start);
        } else {
            add(Type.WORD, start, i);
        }
    }

    /** A number from {@code start}: digits, an optional fraction, an optional exponent. */
    private void number(int start) {
        int n = sql.length();
        int j = start;
        if (sql.startsWith("0x", j) || sql.startsWith("0b", j)) {
            j += 2;
            while (j < n && Character.isLetterOrDigit(sql.charAt(j))) {
                j++;
            }
        } else {
            while (j < n && Character.isDigit(sql.charAt(j))) {
                j++;
            }
            if (j < n && sql.charAt(j) == '.') {
                j++;
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
            }
            if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
                int k = j + 1;
                if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
                    k++;
                }
                if (k < n && Character.isDigit(sql.charAt(k))) {
                    j = k;
                    while (j < n && Character.isDigit(sql.charAt(j))) {
                        j++;
                    }
                }
            }
        }
        i = j;
        add(Type.NUMBER, start, j);
    }

    private void symbol() {
        for (String op : OPERATORS) {
            if (sql.startsWith(op, i)) {
                add(Type.SYMBOL, i, i + op.length());
                i += op.length();
                return;
            }
        }
        add(Type.SYMBOL, i, i + 1);
        i++;
    }

    /** Whether the token before is a name, so a '.' is a qualifier's dot rather than a number's. */
    private boolean afterName() {
        if (out.isEmpty()) {
            return false;
        }
        Token last = out.get(out.size() - 1);
        return last.end() == i && (last.isName() || last.isSymbol(")"));
    }

    private static boolean isNumberWithExponent(String text) {
        return text.matches("[0-9]+[eE][0-9]+");
    }

    private static boolean isHexOrBits(String text) {
        return text.matches("0x[0-9A-Fa-f]+|0b[01]+");
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }

    private void add(Type type, int start, int end) {
        out.add(new Token(type, start, end, sql.substring(start, end)));
    }
}
