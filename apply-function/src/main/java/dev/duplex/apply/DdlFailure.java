package dev.duplex.apply;

import dev.duplex.core.error.ErrorText;
import dev.duplex.core.error.QuotedText;
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
        String flat = QuotedText.hide(statement).replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_STATEMENT ? flat : flat.substring(0, MAX_STATEMENT) + "…";
    }

    static String shownError(int code, String message) {
        String shown = ErrorText.redact(code, message == null ? "" : message);
        if (code != ER_PARSE_ERROR && code != ER_SYNTAX_ERROR) {
            return shown;
        }
        Matcher m = NEAR.matcher(shown);
        if (m.matches()) {
            return m.group(1) + QuotedText.hide(m.group(2)) + m.group(3);
        }
        // Another lc_messages language: the quoted part is unknown, hide all of it.
        int first = shown.indexOf('\'');
        int last = shown.lastIndexOf('\'');
        if (first < 0) {
            return shown;
        }
        return shown.substring(0, first + 1) + ErrorText.HIDDEN + (last > first ? shown.substring(last) : "");
    }
}
