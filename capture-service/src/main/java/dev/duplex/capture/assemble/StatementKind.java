package dev.duplex.capture.assemble;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a QUERY event's statement means for transaction assembly. */
enum StatementKind {
    BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO, RELEASE_SAVEPOINT, XA, DML, OTHER;

    private static final Pattern ROLLBACK_TO_SAVEPOINT = Pattern.compile("^ROLLBACK\\s+(WORK\\s+)?TO\\b");

    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s|/\\*.*?\\*/|--[^\\n]*\\n|#[^\\n]*\\n)+",
            Pattern.DOTALL);

    static StatementKind of(String sql) {
        String s = LEADING_COMMENTS.matcher(sql == null ? "" : sql).replaceFirst("").toUpperCase(Locale.ROOT);
        if (s.equals("BEGIN") || s.startsWith("START TRANSACTION")) {
            return BEGIN;
        }
        if (s.equals("COMMIT") || s.startsWith("COMMIT ")) {
            return COMMIT;
        }
        if (ROLLBACK_TO_SAVEPOINT.matcher(s).find()) {
            return ROLLBACK_TO;
        }
        if (s.startsWith("SAVEPOINT")) {
            return SAVEPOINT;
        }
        if (s.startsWith("RELEASE SAVEPOINT")) {
            return RELEASE_SAVEPOINT;
        }
        if (s.equals("ROLLBACK") || s.startsWith("ROLLBACK ")) {
            return ROLLBACK;
        }
        if (s.startsWith("XA ")) {
            return XA;
        }
        if (s.startsWith("INSERT") || s.startsWith("UPDATE") || s.startsWith("DELETE") || s.startsWith("REPLACE")
                || s.startsWith("LOAD DATA")) {
            return DML;
        }
        return OTHER;
    }
}
