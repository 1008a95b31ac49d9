package dev.duplex.apply;

import dev.duplex.core.error.ErrorText;
import dev.duplex.core.model.DdlChange;
import dev.duplex.core.store.RefusedDdl;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DDL statement the target refused, as it may be shown: in the direction's status, the task
 * log and logs at INFO and above. The statement's string literals are hidden, because a
 * {@code DEFAULT}, a {@code CHECK}, a {@code COMMENT}, a partition bound or a view's or routine's
 * body may hold a value nobody but the table's readers should see; names, types and numbers stay,
 * so the statement can still be found and fixed. The error goes through {@link ErrorText} (row
 * values an {@code ALTER} met), and a syntax error's quote of the statement loses its literals
 * too. The whole text is logged at DEBUG only.
 *
 * @param database  the default database the statement ran in ('' if none)
 * @param statement the statement as shown: literals hidden, on one line, at most {@value #MAX_STATEMENT} characters
 * @param error     the target's error as shown, {@code [MySQL error N] message}
 */
public record DdlFailure(String database, String statement, String error) {
    private static final Logger LOG = LoggerFactory.getLogger(DdlFailure.class);

    /** Long enough to tell the statement (its kind, object, first clauses), short enough for one status line. */
    static final int MAX_STATEMENT = 300;

    /** Parse errors quote the statement from where the parser stopped: {@code ... near '<rest>' at line N}. */
    private static final Pattern NEAR = Pattern.compile("(?s)(.*? near ')(.*)(' at line \\d+)\\s*");
    private static final int ER_PARSE_ERROR = 1064;
    private static final int ER_SYNTAX_ERROR = 1149;

    public DdlFailure {
        database = database == null ? "" : database;
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(error, "error");
    }

    /** What the target's refusal of {@code ddl} may show. */
    static DdlFailure of(DdlChange ddl, SQLException e) {
        LOG.debug("DDL refused on the target in '{}': [MySQL error {}] {} -- statement: {}", ddl.database(),
                e.getErrorCode(), e.getMessage(), ddl.statement());
        return new DdlFailure(ddl.database(), shownStatement(ddl.statement()),
                "[MySQL error " + e.getErrorCode() + "] " + shownError(e.getErrorCode(), e.getMessage()));
    }

    /** The line for the function log and the task log. */
    public String describe() {
        return "DDL failed on the target" + (database.isEmpty() ? "" : " in " + database) + ": " + error
                + " -- statement: " + statement;
    }

    /** As stored in the direction's status, met at {@code at}. */
    public RefusedDdl at(Instant at) {
        return new RefusedDdl(database, statement, error, at);
    }

    static String shownStatement(String statement) {
        String flat = hideLiterals(statement).replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_STATEMENT ? flat : flat.substring(0, MAX_STATEMENT) + "…";
    }

    static String shownError(int code, String message) {
        String shown = ErrorText.redact(code, message == null ? "" : message);
        if (code != ER_PARSE_ERROR && code != ER_SYNTAX_ERROR) {
            return shown;
        }
        Matcher m = NEAR.matcher(shown);
        if (m.matches()) {
            return m.group(1) + hideLiterals(m.group(2)) + m.group(3);
        }
        // Another lc_messages language: the quoted part is unknown, hide all of it.
        int first = shown.indexOf('\'');
        int last = shown.lastIndexOf('\'');
        if (first < 0) {
            return shown;
        }
        return shown.substring(0, first + 1) + ErrorText.HIDDEN + (last > first ? shown.substring(last) : "");
    }

    /**
     * {@code sql} with the content of every '…' and "…" literal (and of X'…', N'…', _charset'…')
     * replaced by {@link ErrorText#HIDDEN}; `quoted` names are kept. Backslash escapes and doubled
     * quotes stay inside their literal. "…" is an identifier under ANSI_QUOTES and is hidden all
     * the same: hiding a name is a lesser harm than showing a value. A literal cut off by the end
     * of the text (a quote's excerpt) is hidden to the end.
     */
    static String hideLiterals(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c != '`' && c != '\'' && c != '"') {
                out.append(c);
                i++;
                continue;
            }
            int close = closing(sql, i, c, c != '`');
            if (c == '`') {
                int end = close < 0 ? sql.length() : close + 1;
                out.append(sql, i, end);
                i = end;
            } else if (close < 0) {
                return out.append(c).append(ErrorText.HIDDEN).toString();
            } else {
                out.append(c).append(close == i + 1 ? "" : ErrorText.HIDDEN).append(c);
                i = close + 1;
            }
        }
        return out.toString();
    }

    /** Index of the quote that closes the one at {@code start}, -1 if none does. */
    private static int closing(String s, int start, char quote, boolean backslash) {
        int j = start + 1;
        while (j < s.length()) {
            char ch = s.charAt(j);
            if (backslash && ch == '\\') {
                j += 2;
            } else if (ch == quote && j + 1 < s.length() && s.charAt(j + 1) == quote) {
                j += 2;
            } else if (ch == quote) {
                return j;
            } else {
                j++;
            }
        }
        return -1;
    }
}
