package dev.duplex.capture.assemble;

import java.util.Locale;
import java.util.regex.Pattern;

/** What a QUERY event's statement means for transaction assembly. */
enum StatementKind {
    BEGIN, COMMIT, ROLLBACK, SAVEPOINT, XA, DML, OTHER;

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
        if (s.startsWith("ROLLBACK TO") || s.startsWith("SAVEPOINT") || s.startsWith("RELEASE SAVEPOINT")) {
            return SAVEPOINT;
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
