package dev.duplex.core.sql;

/**
 * Marks each DDL statement the apply runs on a target, so that the target's own capture, which
 * never forwards DDL back (DDL goes from node a to node b only), can tell Duplex's statements from
 * a user's: a user's statement that removes rows there is reported, Duplex's is not. The server
 * keeps a statement's comments in the binlog (DROP TABLE aside, which it writes anew).
 */
public final class AppliedDdl {
    public static final String MARKER = "/* duplex:ddl */";

    private AppliedDdl() {}

    /** The statement as the apply runs it. */
    public static String marked(String statement) {
        return MARKER + " " + statement;
    }

    /** Whether a statement read from a binlog was run by the apply. */
    public static boolean isApplied(String sql) {
        return sql.contains(MARKER);
    }
}
