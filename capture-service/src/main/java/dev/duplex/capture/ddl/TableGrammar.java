package dev.duplex.capture.ddl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The grammars of CREATE TABLE, CREATE INDEX and ALTER TABLE: the table, each definition or
 * clause as a {@link Part} with the columns it names, foreign keys' parents, and the expressions
 * (defaults, generated columns, checks, partitioning) whose column names are found later,
 * against the table's known columns.
 */
final class TableGrammar {
    private static final Set<String> INDEX_HEADS = Set.of("CONSTRAINT", "PRIMARY", "KEY", "INDEX", "UNIQUE",
            "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK");

    private TableGrammar() {}

    static boolean createTable(Cursor c, Builder b) {
        c.accept("IF", "NOT", "EXISTS");
        ObjectRef t = c.name();
        if (t == null) {
            return false;
        }
        b.target = t;
        b.table(t);
        if (c.at("LIKE") || (c.atSymbol("(") && c.peek(1) != null && c.peek(1).is("LIKE"))) {
            boolean paren = c.acceptSymbol("(");
            c.accept("LIKE");
            ObjectRef source = c.name();
            if (source == null) {
                return false;
            }
            b.table(source);
            if (paren) {
                c.acceptSymbol(")");
            }
            return true;
        }
        if (c.atSymbol("(") && !isSelect(c.peek(1))) {
            int close = c.closeOf(c.index());
            for (int[] item : split(c, c.index() + 1, close - 1)) {
                definition(b, new Cursor(b.tokens, item[0], item[1]), t);
            }
            c.seek(close);
        }
        tail(c, b);
        return true;
    }

    /** Table options, partitioning and an AS SELECT after the definitions. */
    private static void tail(Cursor c, Builder b) {
        while (!c.atEnd()) {
            if (c.at("PARTITION", "BY")) {
                int from = c.index();
                while (!c.atEnd() && !c.at("SELECT") && !c.at("WITH")) {
                    c.next();
                }
                b.expressions.add(new int[] {from, c.index()});
            } else if (c.at("SELECT") || c.at("WITH") || c.atSymbol("(") && isSelect(c.peek(1))) {
                new BodyScanner(b.tokens, c.index(), c.end(), false, b.names).scan();
                return;
            } else {
                c.next();
            }
        }
    }

    private static boolean isSelect(Token t) {
        return t != null && (t.is("SELECT") || t.is("WITH"));
    }

    static boolean createIndex(Cursor c, Builder b) {
        c.accept("IF", "NOT", "EXISTS");
        if (c.name() == null) {
            return false;
        }
        if (c.accept("USING")) {
            c.next();
        }
        if (!c.accept("ON")) {
            return false;
        }
        int from = c.index();
        ObjectRef t = c.name();
        if (t == null || !c.atSymbol("(")) {
            return false;
        }
        b.target = t;
        b.table(t);
        Set<String> columns = keyParts(c, b, t);
        b.parts.add(new Part(Part.Kind.INDEX, from, c.end(), List.of(), columns));
        return true;
    }

    static boolean alterTable(Cursor c, Builder b) {
        c.accept("IF", "EXISTS");
        ObjectRef t = c.name();
        if (t == null) {
            return false;
        }
        b.target = t;
        b.table(t);
        c.skipWait();
        List<int[]> specs = split(c, c.index(), c.end());
        for (int k = 0; k < specs.size(); k++) {
            int[] s = specs.get(k);
            Cursor spec = new Cursor(b.tokens, s[0], s[1]);
            if (spec.at("ORDER", "BY")) {
                // ORDER BY a, b: its columns are separated by the commas that separate clauses.
                int to = s[1];
                while (k + 1 < specs.size() && isOrderColumn(b.tokens, specs.get(k + 1))) {
                    to = specs.get(++k)[1];
                }
                spec = new Cursor(b.tokens, s[0], to);
            }
            AlterClauses.clause(b, spec, t);
        }
        return true;
    }

    private static boolean isOrderColumn(List<Token> tokens, int[] spec) {
        Token first = tokens.get(spec[0]);
        int n = spec[1] - spec[0];
        return first.isName() && !Keywords.isClauseHead(first) && (n == 1 || n == 2 && (tokens.get(spec[0] + 1).is("ASC")
                || tokens.get(spec[0] + 1).is("DESC")));
    }

    /** One definition of CREATE TABLE: a column or an index/constraint, as its own part. */
    static void definition(Builder b, Cursor c, ObjectRef table) {
        Token first = c.peek();
        if (first == null) {
            return;
        }
        if (isIndexHead(c)) {
            indexDefinition(b, c, table, c.index());
            return;
        }
        if (!first.isName()) {
            return;
        }
        int from = c.index();
        c.next();
        b.column(first, table);
        ColumnTail tail = columnDefinition(b, c, table, false);
        b.parts.add(new Part(Part.Kind.COLUMN, from, c.end(), tail.parents, Set.of(first.name()), tail.after,
                tail.afterColumn));
    }

    static boolean isIndexHead(Cursor c) {
        Token first = c.peek();
        if (first == null || first.type() != Token.Type.WORD) {
            return false;
        }
        return INDEX_HEADS.contains(first.upper()) || (first.is("PERIOD") && c.peek(1) != null && c.peek(1).is("FOR"));
    }

    /** What a column definition says besides its type: parents, and where ALTER TABLE places it. */
    static final class ColumnTail {
        final List<ObjectRef> parents = new ArrayList<>();
        int[] after;
        String afterColumn;
    }

    /**
     * The rest of a column's definition after its name, to the cursor's end: a REFERENCES parent,
     * expressions in DEFAULT/AS/CHECK, and (in ALTER TABLE) a trailing FIRST or AFTER col.
     */
    static ColumnTail columnDefinition(Builder b, Cursor c, ObjectRef table, boolean alter) {
        ColumnTail tail = new ColumnTail();
        while (!c.atEnd()) {
            Token t = c.peek();
            if (t.is("REFERENCES")) {
                c.next();
                references(b, c, tail.parents);
            } else if ((t.is("DEFAULT") || t.is("AS") || t.is("CHECK")) && c.peek(1) != null
                    && c.peek(1).isSymbol("(")) {
                c.next();
                int open = c.index();
                b.expressions.add(new int[] {open, c.closeOf(open)});
                c.skipGroup();
            } else if (alter && t.is("AFTER") && c.peek(1) != null && c.peek(1).isName()) {
                tail.after = new int[] {c.index(), c.index() + 2};
                c.next();
                Token col = c.next();
                tail.afterColumn = col.name();
                b.column(col, table);
            } else if (alter && t.is("FIRST") && c.index() + 1 == c.end()) {
                tail.after = new int[] {c.index(), c.index() + 1};
                c.next();
            } else if (t.isSymbol("(")) {
                c.skipGroup();
            } else {
                c.next();
            }
        }
        return tail;
    }

    /** REFERENCES parent [(columns)]: the parent table and its columns. */
    private static void references(Builder b, Cursor c, List<ObjectRef> parents) {
        ObjectRef parent = c.name();
        if (parent == null) {
            return;
        }
        b.table(parent);
        parents.add(parent);
        if (c.atSymbol("(")) {
            int close = c.closeOf(c.index());
            for (int[] item : split(c, c.index() + 1, close - 1)) {
                Token col = b.tokens.get(item[0]);
                if (col.isName()) {
                    b.column(col, parent);
                }
            }
            c.seek(close);
        }
    }

    /** PRIMARY KEY / UNIQUE / INDEX / FULLTEXT / SPATIAL / FOREIGN KEY / CHECK / PERIOD FOR. */
    static void indexDefinition(Builder b, Cursor c, ObjectRef table, int from) {
        Set<String> columns = new HashSet<>();
        List<ObjectRef> parents = new ArrayList<>();
        boolean check = false;
        while (!c.atEnd() && !c.atSymbol("(")) {
            check |= c.peek().is("CHECK");
            c.next();
        }
        if (check) {
            int open = c.index();
            b.expressions.add(new int[] {open, c.closeOf(open)});
            c.skipGroup();
        } else if (!c.atEnd()) {
            columns.addAll(keyParts(c, b, table));
        }
        while (!c.atEnd()) {
            if (c.accept("REFERENCES")) {
                references(b, c, parents);
            } else {
                c.next();
            }
        }
        b.parts.add(new Part(Part.Kind.INDEX, from, c.end(), parents, columns));
    }

    /** (col [(len)] [ASC|DESC], (expr), ...): the columns named; functional parts are expressions. */
    static Set<String> keyParts(Cursor c, Builder b, ObjectRef table) {
        Set<String> columns = new HashSet<>();
        int close = c.closeOf(c.index());
        for (int[] item : split(c, c.index() + 1, close - 1)) {
            Token first = b.tokens.get(item[0]);
            if (first.isName()) {
                b.column(first, table);
                columns.add(first.name());
            } else if (first.isSymbol("(")) {
                b.expressions.add(new int[] {item[0], item[1]});
            }
        }
        c.seek(close);
        return columns;
    }

    /** The comma-separated items of [from, to), commas inside parentheses not counted. */
    static List<int[]> split(Cursor c, int from, int to) {
        List<Token> tokens = tokensOf(c);
        List<int[]> items = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            if (t.isSymbol("(")) {
                depth++;
            } else if (t.isSymbol(")")) {
                depth--;
            } else if (t.isSymbol(",") && depth == 0) {
                if (k > start) {
                    items.add(new int[] {start, k});
                }
                start = k + 1;
            }
        }
        if (to > start) {
            items.add(new int[] {start, to});
        }
        return items;
    }

    private static List<Token> tokensOf(Cursor c) {
        return c.tokens();
    }
}
