package dev.duplex.capture.filter;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of a data change the binlog carries as a statement (INSERT/UPDATE/DELETE/REPLACE/
 * LOAD DATA under binlog_format STATEMENT or MIXED), which Duplex cannot capture. DDL is read by
 * {@link dev.duplex.capture.ddl.DdlParser}.
 *
 * @param database the table's database: its qualifier, else the statement's default database
 * @param object   the table
 */
public record StatementTarget(String database, String object) {

    private static final String NAME = "(`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(`(?:[^`]|``)+`|[\\w$]+))?";
    private static final Pattern COMMENTS = Pattern.compile("^(\\s|/\\*.*?\\*/|--[^\\n]*\\n|#[^\\n]*\\n)+", Pattern.DOTALL);

    private static final List<Pattern> RULES = List.of(
            rule("(?:INSERT|REPLACE)\\s+(?:LOW_PRIORITY\\s+|DELAYED\\s+|HIGH_PRIORITY\\s+)?(?:IGNORE\\s+)?(?:INTO\\s+)?" + NAME),
            rule("UPDATE\\s+(?:LOW_PRIORITY\\s+)?(?:IGNORE\\s+)?" + NAME),
            rule("DELETE\\s+(?:LOW_PRIORITY\\s+)?(?:QUICK\\s+)?(?:IGNORE\\s+)?FROM\\s+" + NAME),
            rule("LOAD\\s+DATA\\s+.*?INTO\\s+TABLE\\s+" + NAME));

    /** The table {@code sql} changes, or empty when it is not statement-based DML. */
    public static Optional<StatementTarget> of(String defaultDatabase, String sql) {
        String s = COMMENTS.matcher(sql == null ? "" : sql).replaceFirst("");
        for (Pattern r : RULES) {
            Matcher m = r.matcher(s);
            if (m.lookingAt()) {
                String first = unquote(m.group(1));
                String second = m.group(2) == null ? null : unquote(m.group(2));
                String db = second == null ? (defaultDatabase == null ? "" : defaultDatabase) : first;
                return Optional.of(new StatementTarget(db, second == null ? first : second));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code sql} looks like statement-based DML (even if its target cannot be parsed). A
     * SELECT in the binlog is one too: a server logs a SELECT (and a DO, or a SET of a variable,
     * as a SELECT) only when it calls a stored function that changed data, under STATEMENT or
     * MIXED; so is MySQL 8's WITH ... UPDATE or DELETE (a WITH ... SELECT is not logged).
     */
    public static boolean looksLikeDml(String sql) {
        String s = COMMENTS.matcher(sql == null ? "" : sql).replaceFirst("").toUpperCase(Locale.ROOT);
        return s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("DELETE") || s.startsWith("REPLACE")
                || s.startsWith("LOAD DATA") || startsWithWord(s, "SELECT") || startsWithWord(s, "DO")
                || startsWithWord(s, "WITH");
    }

    private static boolean startsWithWord(String s, String word) {
        return s.startsWith(word) && (s.length() == word.length() || !Character.isLetterOrDigit(s.charAt(word.length()))
                && s.charAt(word.length()) != '_');
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    private static Pattern rule(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }
}
