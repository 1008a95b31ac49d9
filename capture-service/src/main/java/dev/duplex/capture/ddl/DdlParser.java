package dev.duplex.capture.ddl;

import dev.duplex.capture.ddl.Ddl.Kind;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the DDL statements Duplex synchronizes (the reference's list: ALTER TABLE/VIEW; CREATE
 * FUNCTION/INDEX/PROCEDURE/TABLE/VIEW; DROP INDEX/TABLE; RENAME TABLE; TRUNCATE TABLE) and
 * CREATE TRIGGER, over {@link SqlLexer}'s tokens: a small grammar per statement head finds the
 * name tokens and the pieces, and leaves everything else as written. Temporary tables and every
 * other statement are not DDL to synchronize: empty.
 *
 * <p>Why not a general SQL parser: MariaDB's DDL is wider than the library grammars that resolve
 * here. Tried on this package's corpus, JSqlParser 5.3 refuses a multi-table {@code DROP TABLE a, b}
 * (the form the server logs every DROP TABLE in), stored procedure bodies, executable comments and
 * system-versioned tables; a statement it cannot read would have to fail the task or go unmapped.
 * Here only the name tokens are located and replaced, so everything else reaches node b byte for
 * byte, whatever syntax the server accepts around them.
 */
public final class DdlParser {
    private static final Set<String> VIEW_OR_ROUTINE_OPTIONS = Set.of("ALGORITHM", "DEFINER", "SQL", "AGGREGATE");

    private DdlParser() {}

    /** {@code sql} read under the server's default sql_mode. */
    public static Optional<Ddl> parse(String sql) {
        return parse(sql, SqlQuoting.DEFAULT);
    }

    /** {@code sql} read as the session that ran it did ({@code quoting}: its sql_mode's quotes). */
    public static Optional<Ddl> parse(String sql, SqlQuoting quoting) {
        List<Token> tokens = SqlLexer.tokens(sql, quoting);
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).isSymbol(";")) {
            end--;
        }
        Cursor c = new Cursor(tokens, 0, end);
        Builder b = new Builder(tokens, sql == null ? "" : sql);
        Kind kind;
        if (c.accept("CREATE")) {
            kind = create(c, b);
        } else if (c.accept("ALTER")) {
            kind = alter(c, b);
        } else if (c.accept("DROP")) {
            kind = drop(c, b);
        } else if (c.accept("RENAME")) {
            kind = c.acceptAny("TABLE", "TABLES") != null ? rename(c, b) : null;
        } else if (c.accept("TRUNCATE")) {
            c.accept("TABLE");
            kind = single(c, b, Kind.TRUNCATE_TABLE);
        } else {
            kind = null;
        }
        return Optional.ofNullable(kind).map(b::build);
    }

    /**
     * Whether {@code sql} begins like a statement of the reference's list but could not be read:
     * it is not synchronized, and the caller says so in the log. Temporary tables and loadable
     * functions are not synchronized by design and do not count.
     */
    public static boolean unreadable(String sql, SqlQuoting quoting) {
        if (parse(sql, quoting).isPresent()) {
            return false;
        }
        List<String> words = SqlLexer.tokens(sql, quoting).stream().limit(12).filter(t -> t.type() == Token.Type.WORD)
                .map(Token::upper).toList();
        if (words.isEmpty() || words.contains("TEMPORARY") || words.contains("SONAME")) {
            return false;
        }
        return switch (words.get(0)) {
            case "ALTER" -> words.contains("TABLE") || words.contains("VIEW");
            case "CREATE" -> words.stream().anyMatch(Set.of("TABLE", "INDEX", "VIEW", "FUNCTION", "PROCEDURE")::contains)
                    && !words.contains("DATABASE") && !words.contains("SCHEMA") && !words.contains("EVENT");
            case "DROP" -> words.size() > 1 && (words.get(1).equals("TABLE") || words.get(1).equals("TABLES")
                    || words.get(1).equals("INDEX"));
            case "RENAME", "TRUNCATE" -> true;
            default -> false;
        };
    }

    private static Kind create(Cursor c, Builder b) {
        c.accept("OR", "REPLACE");
        viewOrRoutineOptions(c, b);
        c.acceptAny("ONLINE", "OFFLINE");
        if (c.at("TEMPORARY")) {
            return null;
        }
        if (c.accept("TABLE")) {
            return TableGrammar.createTable(c, b) ? Kind.CREATE_TABLE : null;
        }
        if (c.acceptAny("UNIQUE", "FULLTEXT", "SPATIAL") != null ? c.accept("INDEX") || c.accept("KEY")
                : c.accept("INDEX")) {
            return TableGrammar.createIndex(c, b) ? Kind.CREATE_INDEX : null;
        }
        if (c.accept("VIEW")) {
            return view(c, b, Kind.CREATE_VIEW);
        }
        if (c.accept("FUNCTION")) {
            return routine(c, b, Kind.CREATE_FUNCTION);
        }
        if (c.accept("PROCEDURE")) {
            return routine(c, b, Kind.CREATE_PROCEDURE);
        }
        if (c.accept("TRIGGER")) {
            return trigger(c, b);
        }
        return null;
    }

    private static Kind alter(Cursor c, Builder b) {
        c.acceptAny("ONLINE", "OFFLINE");
        c.accept("IGNORE");
        if (c.accept("TABLE")) {
            return TableGrammar.alterTable(c, b) ? Kind.ALTER_TABLE : null;
        }
        viewOrRoutineOptions(c, b);
        return c.accept("VIEW") ? view(c, b, Kind.ALTER_VIEW) : null;
    }

    private static Kind drop(Cursor c, Builder b) {
        if (c.at("TEMPORARY")) {
            return null;
        }
        if (c.acceptAny("TABLE", "TABLES") != null) {
            return dropTables(c, b);
        }
        c.acceptAny("ONLINE", "OFFLINE");
        if (!c.accept("INDEX")) {
            return null;
        }
        c.accept("IF", "EXISTS");
        if (c.name() == null || !c.accept("ON")) {
            return null;
        }
        return single(c, b, Kind.DROP_INDEX);
    }

    /** TRUNCATE and DROP INDEX: one table, nothing else named. */
    private static Kind single(Cursor c, Builder b, Kind kind) {
        ObjectRef t = c.name();
        if (t == null) {
            return null;
        }
        b.target = t;
        b.table(t);
        return kind;
    }

    private static Kind dropTables(Cursor c, Builder b) {
        c.accept("IF", "EXISTS");
        do {
            int from = c.index();
            ObjectRef t = c.name();
            if (t == null) {
                return null;
            }
            c.skipWait();
            b.table(t);
            b.parts.add(new Part(Part.Kind.DROP_ITEM, from, c.index(), List.of(t), Set.of()));
        } while (c.acceptSymbol(","));
        return Kind.DROP_TABLE;
    }

    private static Kind rename(Cursor c, Builder b) {
        c.accept("IF", "EXISTS");
        do {
            int from = c.index();
            ObjectRef source = c.name();
            c.skipWait();
            if (source == null || !c.accept("TO")) {
                return null;
            }
            ObjectRef dest = c.name();
            if (dest == null) {
                return null;
            }
            b.table(source);
            b.table(dest);
            b.parts.add(new Part(Part.Kind.RENAME_PAIR, from, c.index(), List.of(source, dest), Set.of()));
        } while (c.acceptSymbol(","));
        return Kind.RENAME_TABLE;
    }

    private static Kind view(Cursor c, Builder b, Kind kind) {
        c.accept("IF", "NOT", "EXISTS");
        ObjectRef v = c.name();
        if (v == null) {
            return null;
        }
        b.target = v;
        b.names.add(new NameUse(NameUse.Role.VIEW, v, null, false));
        c.skipGroup();
        if (!c.accept("AS")) {
            return null;
        }
        new BodyScanner(b.tokens, c.index(), c.end(), false, b.names).scan();
        return kind;
    }

    /** A stored function or procedure; a loadable function (SONAME, no body) is not synchronized. */
    private static Kind routine(Cursor c, Builder b, Kind kind) {
        c.accept("IF", "NOT", "EXISTS");
        ObjectRef r = c.name();
        if (r == null || !c.atSymbol("(")) {
            return null;
        }
        b.target = r;
        b.names.add(new NameUse(NameUse.Role.ROUTINE, r, null, false));
        c.skipGroup();
        new BodyScanner(b.tokens, c.index(), c.end(), true, b.names).scan();
        return kind;
    }

    private static Kind trigger(Cursor c, Builder b) {
        c.accept("IF", "NOT", "EXISTS");
        ObjectRef t = c.name();
        if (t == null) {
            return null;
        }
        b.target = t;
        while (!c.atEnd() && !c.at("ON")) {
            c.next();
        }
        if (!c.accept("ON")) {
            return null;
        }
        b.on = c.name();
        return b.on == null ? null : Kind.CREATE_TRIGGER;
    }

    /** ALGORITHM = x, DEFINER = account, SQL SECURITY x, AGGREGATE: before VIEW, FUNCTION, PROCEDURE, TRIGGER. */
    private static void viewOrRoutineOptions(Cursor c, Builder b) {
        while (c.peek() != null && c.peek().type() == Token.Type.WORD
                && VIEW_OR_ROUTINE_OPTIONS.contains(c.peek().upper())) {
            if (c.accept("AGGREGATE")) {
                continue;
            }
            if (c.accept("SQL")) {
                c.accept("SECURITY");
                c.next();
                continue;
            }
            int from = c.index();
            boolean definer = c.peek().is("DEFINER");
            c.next();
            c.acceptSymbol("=");
            if (definer) {
                account(c);
                b.definer = new int[] {from, c.index()};
            } else {
                c.next();
            }
        }
    }

    /** user@host in its spellings, or CURRENT_USER[()] / CURRENT_ROLE. */
    private static void account(Cursor c) {
        if (c.acceptAny("CURRENT_USER", "CURRENT_ROLE") != null) {
            if (c.atSymbol("(")) {
                c.skipGroup();
            }
            return;
        }
        c.next();
        Token host = c.peek();
        if (host != null && host.type() == Token.Type.VARIABLE) {
            c.next();
        }
    }
}
