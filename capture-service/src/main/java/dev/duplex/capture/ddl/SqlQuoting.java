package dev.duplex.capture.ddl;

import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the session a statement ran in reads quotes: its sql_mode decides whether {@code "x"} is a
 * name ({@code ANSI_QUOTES}) and whether a backslash escapes in a string (not with
 * {@code NO_BACKSLASH_ESCAPES}). Read otherwise, a statement from such a session is cut at the
 * wrong place and its names are missed or a literal is taken for one.
 *
 * @param ansiQuotes       double quotes delimit a name, not a string
 * @param backslashEscapes a backslash in a string escapes the next character
 */
public record SqlQuoting(boolean ansiQuotes, boolean backslashEscapes) {

    /** The server's default sql_mode: {@code "x"} is a string, a backslash escapes. */
    public static final SqlQuoting DEFAULT = new SqlQuoting(false, true);

    /** The quoting of {@code session}'s sql_mode; the default when the session or its sql_mode is unknown. */
    public static SqlQuoting of(SourceSession session) {
        if (session == null) {
            return DEFAULT;
        }
        return session.value(SessionVariable.SQL_MODE).map(SqlQuoting::ofSqlMode).orElse(DEFAULT);
    }

    /** The quoting of an sql_mode value such as {@code ANSI_QUOTES,NO_BACKSLASH_ESCAPES}. */
    public static SqlQuoting ofSqlMode(String sqlMode) {
        Set<String> flags = Arrays.stream(sqlMode.split(",")).map(String::trim).collect(Collectors.toSet());
        // ANSI is a combination that includes ANSI_QUOTES, should a server ever name it in a binlog.
        return new SqlQuoting(flags.contains("ANSI_QUOTES") || flags.contains("ANSI"),
                !flags.contains("NO_BACKSLASH_ESCAPES"));
    }
}
