package dev.duplex.capture.select;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a statement carried as text in the binlog acts on. Recognizes the DDL Duplex synchronizes
 * (the reference's list: ALTER TABLE/VIEW; CREATE FUNCTION/INDEX/PROCEDURE/TABLE/VIEW; DROP
 * INDEX/TABLE; RENAME TABLE; TRUNCATE TABLE) and statement-based DML.
 *
 * @param kind     what the statement is
 * @param database the object's database: its qualifier, else the statement's default database
 * @param object   the table, view or routine name
 */
public record StatementTarget(Kind kind, String database, String object) {

    public enum Kind {
        /** A table-level DDL: the object is a table. */
        TABLE_DDL,
        /** A view or routine DDL: the object lives in a database, not a table. */
        SCHEMA_DDL,
        /** INSERT/UPDATE/DELETE/REPLACE/LOAD DATA logged as a statement (binlog_format is not ROW). */
        DML
    }

    private static final String NAME = "(`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(`(?:[^`]|``)+`|[\\w$]+))?";
    private static final String DEFINER = "(?:DEFINER\\s*=\\s*\\S+\\s+)?";
    private static final String VIEW_OPTIONS = "(?:ALGORITHM\\s*=\\s*\\w+\\s+)?" + DEFINER
            + "(?:SQL\\s+SECURITY\\s+\\w+\\s+)?";
    private static final Pattern COMMENTS = Pattern.compile("^(\\s|/\\*.*?\\*/|--[^\\n]*\\n|#[^\\n]*\\n)+", Pattern.DOTALL);

    private static final List<Rule> RULES = List.of(
            rule(Kind.TABLE_DDL, "ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME),
            rule(Kind.SCHEMA_DDL, "ALTER\\s+" + VIEW_OPTIONS + "VIEW\\s+" + NAME),
            rule(Kind.TABLE_DDL, "CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME),
            rule(Kind.SCHEMA_DDL, "CREATE\\s+(?:OR\\s+REPLACE\\s+)?" + VIEW_OPTIONS + "VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME),
            rule(Kind.SCHEMA_DDL, "CREATE\\s+(?:OR\\s+REPLACE\\s+)?" + DEFINER
                    + "(?:AGGREGATE\\s+)?(?:FUNCTION|PROCEDURE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME),
            rule(Kind.TABLE_DDL, "CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ONLINE\\s+|OFFLINE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?"
                    + "INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\\S+\\s+(?:USING\\s+\\w+\\s+)?ON\\s+" + NAME),
            rule(Kind.TABLE_DDL, "DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?\\S+\\s+ON\\s+" + NAME),
            rule(Kind.TABLE_DDL, "DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME),
            rule(Kind.TABLE_DDL, "RENAME\\s+TABLES?\\s+" + NAME),
            rule(Kind.TABLE_DDL, "TRUNCATE\\s+(?:TABLE\\s+)?" + NAME),
            rule(Kind.DML, "(?:INSERT|REPLACE)\\s+(?:LOW_PRIORITY\\s+|DELAYED\\s+|HIGH_PRIORITY\\s+)?(?:IGNORE\\s+)?(?:INTO\\s+)?" + NAME),
            rule(Kind.DML, "UPDATE\\s+(?:LOW_PRIORITY\\s+)?(?:IGNORE\\s+)?" + NAME),
            rule(Kind.DML, "DELETE\\s+(?:LOW_PRIORITY\\s+)?(?:QUICK\\s+)?(?:IGNORE\\s+)?FROM\\s+" + NAME),
            rule(Kind.DML, "LOAD\\s+DATA\\s+.*?INTO\\s+TABLE\\s+" + NAME));

    /** The target of {@code sql}, or empty when it is none of the statements above (or a temporary table). */
    public static Optional<StatementTarget> of(String defaultDatabase, String sql) {
        String s = COMMENTS.matcher(sql == null ? "" : sql).replaceFirst("");
        if (isTemporary(s)) {
            return Optional.empty();
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(s);
            if (m.lookingAt()) {
                String first = unquote(m.group(1));
                String second = m.group(2) == null ? null : unquote(m.group(2));
                String db = second == null ? (defaultDatabase == null ? "" : defaultDatabase) : first;
                return Optional.of(new StatementTarget(r.kind, db, second == null ? first : second));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code sql} looks like statement-based DML (even if its target cannot be parsed). */
    public static boolean looksLikeDml(String sql) {
        String s = COMMENTS.matcher(sql == null ? "" : sql).replaceFirst("").toUpperCase(Locale.ROOT);
        return s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("DELETE") || s.startsWith("REPLACE")
                || s.startsWith("LOAD DATA");
    }

    private static boolean isTemporary(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        return u.matches("(?s)(CREATE|DROP)\\s+(OR\\s+REPLACE\\s+)?TEMPORARY\\s.*");
    }

    private static String unquote(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    private static Rule rule(Kind kind, String regex) {
        return new Rule(kind, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
    }

    private record Rule(Kind kind, Pattern pattern) {}
}
