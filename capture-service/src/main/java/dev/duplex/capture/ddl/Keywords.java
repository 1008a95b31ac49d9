package dev.duplex.capture.ddl;

import java.util.Set;

/** The keywords the grammars stop at: where a list of names ends, what cannot be an alias. */
final class Keywords {
    /** Words that begin an ALTER TABLE clause. */
    private static final Set<String> CLAUSE_HEADS = Set.of("ADD", "ALTER", "CHANGE", "MODIFY", "DROP", "RENAME",
            "ORDER", "ALGORITHM", "LOCK", "FORCE", "ENGINE", "CONVERT", "DEFAULT", "CHARACTER", "CHARSET", "COLLATE",
            "COMMENT", "AUTO_INCREMENT", "ROW_FORMAT", "PARTITION", "ENABLE", "DISABLE", "DISCARD", "IMPORT",
            "WITH", "WITHOUT", "REMOVE", "COALESCE", "REORGANIZE", "EXCHANGE", "ANALYZE", "CHECK", "OPTIMIZE",
            "REBUILD", "REPAIR", "TRUNCATE");

    /** Words after a table reference that end it (so they are not its alias). */
    private static final Set<String> NOT_ALIAS = Set.of("ON", "USING", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT",
            "WINDOW", "UNION", "EXCEPT", "INTERSECT", "INTO", "FOR", "LOCK", "SET", "RETURNING", "VALUES", "VALUE",
            "PARTITION", "USE", "IGNORE", "FORCE", "WITH", "JOIN", "INNER", "CROSS", "LEFT", "RIGHT", "OUTER",
            "NATURAL", "STRAIGHT_JOIN", "END", "THEN", "ELSE", "WHEN", "DO", "PROCEDURE", "FETCH", "OFFSET", "SELECT",
            "AS", "LATERAL", "DUAL", "FULL");

    /** Words that end a FROM list (besides ')' and ';'). */
    private static final Set<String> END_OF_TABLES = Set.of("WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW",
            "UNION", "EXCEPT", "INTERSECT", "INTO", "FOR", "LOCK", "SET", "RETURNING", "VALUES", "VALUE", "PROCEDURE",
            "SELECT", "END", "THEN", "ELSE", "WHEN", "DO", "FETCH", "OFFSET", "IF", "WHILE", "LOOP", "REPEAT",
            "UNTIL", "CASE", "WITH", "ON");

    private static final Set<String> JOINS = Set.of("JOIN", "STRAIGHT_JOIN");

    private Keywords() {}

    static boolean isClauseHead(Token t) {
        return t.type() == Token.Type.WORD && CLAUSE_HEADS.contains(t.upper());
    }

    static boolean canBeAlias(Token t) {
        return t.type() == Token.Type.QUOTED || t.type() == Token.Type.WORD && !NOT_ALIAS.contains(t.upper());
    }

    static boolean endsTables(Token t) {
        return t.type() == Token.Type.WORD && END_OF_TABLES.contains(t.upper());
    }

    static boolean isJoin(Token t) {
        return t.type() == Token.Type.WORD && JOINS.contains(t.upper());
    }
}
