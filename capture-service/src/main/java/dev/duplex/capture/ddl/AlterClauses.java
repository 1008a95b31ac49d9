package dev.duplex.capture.ddl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One clause of ALTER TABLE: what it is, the columns and tables it names. */
final class AlterClauses {
    private AlterClauses() {}

    static void clause(Builder b, Cursor c, ObjectRef table) {
        int from = c.index();
        if (c.accept("ADD")) {
            add(b, c, table, from);
        } else if (c.accept("CHANGE")) {
            c.accept("COLUMN");
            c.accept("IF", "EXISTS");
            Token old = name(c);
            Token renamed = name(c);
            if (old == null || renamed == null) {
                other(b, c, table, from);
                return;
            }
            b.column(old, table);
            b.column(renamed, table);
            column(b, c, table, from, Set.of(old.name(), renamed.name()));
        } else if (c.accept("MODIFY")) {
            c.accept("COLUMN");
            c.accept("IF", "EXISTS");
            columnNamed(b, c, table, from);
        } else if (c.at("ALTER") && !isIndexWord(c.peek(1))) {
            c.next();
            c.accept("COLUMN");
            c.accept("IF", "EXISTS");
            columnNamed(b, c, table, from);
        } else if (c.accept("DROP")) {
            drop(b, c, table, from);
        } else if (c.at("RENAME")) {
            rename(b, c, table, from);
        } else if (c.accept("ORDER", "BY")) {
            Set<String> columns = new HashSet<>();
            for (int[] item : TableGrammar.split(c, c.index(), c.end())) {
                Token col = b.tokens.get(item[0]);
                if (col.isName()) {
                    b.column(col, table);
                    columns.add(col.name());
                }
            }
            b.parts.add(new Part(Part.Kind.ORDER, from, c.end(), List.of(), columns));
        } else if (c.at("ALGORITHM") || c.at("LOCK")) {
            b.parts.add(new Part(Part.Kind.MODIFIER, from, c.end(), List.of(), Set.of()));
        } else {
            other(b, c, table, from);
        }
    }

    private static void add(Builder b, Cursor c, ObjectRef table, int from) {
        boolean column = c.accept("COLUMN");
        c.accept("IF", "NOT", "EXISTS");
        if (!column && TableGrammar.isIndexHead(c)) {
            TableGrammar.indexDefinition(b, c, table, from);
        } else if (!column && (c.at("PARTITION") || c.at("SYSTEM") || c.at("PERIOD"))) {
            other(b, c, table, from);
        } else if (c.atSymbol("(")) {
            // ADD (a INT, b INT): one clause, all its columns.
            int close = c.closeOf(c.index());
            Set<String> columns = new HashSet<>();
            TableGrammar.ColumnTail all = new TableGrammar.ColumnTail();
            for (int[] item : TableGrammar.split(c, c.index() + 1, close - 1)) {
                Token name = b.tokens.get(item[0]);
                if (name.isName()) {
                    b.column(name, table);
                    columns.add(name.name());
                    Cursor def = new Cursor(b.tokens, item[0] + 1, item[1]);
                    all.parents.addAll(TableGrammar.columnDefinition(b, def, table, false).parents);
                }
            }
            b.parts.add(new Part(Part.Kind.COLUMN, from, c.end(), all.parents, columns));
        } else {
            columnNamed(b, c, table, from);
        }
    }

    private static void drop(Builder b, Cursor c, ObjectRef table, int from) {
        if (c.at("PRIMARY") || c.at("FOREIGN") || c.at("INDEX") || c.at("KEY") || c.at("CONSTRAINT")
                || c.at("CHECK")) {
            b.parts.add(new Part(Part.Kind.DROP_INDEX, from, c.end(), List.of(), Set.of()));
            return;
        }
        if (c.at("PARTITION") || c.at("SYSTEM") || c.at("PERIOD")) {
            other(b, c, table, from);
            return;
        }
        c.accept("COLUMN");
        c.accept("IF", "EXISTS");
        Token col = name(c);
        if (col == null) {
            other(b, c, table, from);
            return;
        }
        b.column(col, table);
        b.parts.add(new Part(Part.Kind.COLUMN, from, c.end(), List.of(), Set.of(col.name())));
    }

    private static void rename(Builder b, Cursor c, ObjectRef table, int from) {
        c.next();
        if (c.accept("COLUMN")) {
            Token old = name(c);
            Token renamed = c.accept("TO") ? name(c) : null;
            if (old == null || renamed == null) {
                other(b, c, table, from);
                return;
            }
            b.column(old, table);
            b.column(renamed, table);
            b.parts.add(new Part(Part.Kind.COLUMN, from, c.end(), List.of(), Set.of(old.name(), renamed.name())));
            return;
        }
        if (c.at("INDEX") || c.at("KEY")) {
            other(b, c, table, from);
            return;
        }
        if (c.acceptAny("TO", "AS") == null) {
            c.acceptSymbol("=");
        }
        ObjectRef renamed = c.name();
        if (renamed == null) {
            other(b, c, table, from);
            return;
        }
        b.table(renamed);
        b.parts.add(new Part(Part.Kind.RENAME_PAIR, from, c.end(), List.of(table, renamed), Set.of()));
    }

    /** MODIFY col ..., ALTER col ..., ADD col ...: the column, then its definition. */
    private static void columnNamed(Builder b, Cursor c, ObjectRef table, int from) {
        Token col = name(c);
        if (col == null) {
            other(b, c, table, from);
            return;
        }
        b.column(col, table);
        column(b, c, table, from, Set.of(col.name()));
    }

    private static void column(Builder b, Cursor c, ObjectRef table, int from, Set<String> columns) {
        TableGrammar.ColumnTail tail = TableGrammar.columnDefinition(b, c, table, true);
        b.parts.add(new Part(Part.Kind.COLUMN, from, c.end(), tail.parents, columns, tail.after, tail.afterColumn));
    }

    /**
     * A clause without names of its own (table options, FORCE, partitions...); partitioning has
     * expressions. One that names another table moves rows between it and this one
     * ({@link Part.Kind#MOVE_ROWS}).
     */
    private static void other(Builder b, Cursor c, ObjectRef table, int from) {
        List<Token> tokens = b.tokens;
        ObjectRef moved = null;
        for (int k = from; k < c.end(); k++) {
            if (tokens.get(k).is("PARTITION") && k + 1 < c.end() && tokens.get(k + 1).is("BY")) {
                b.expressions.add(new int[] {k, c.end()});
                break;
            }
            // EXCHANGE PARTITION p WITH TABLE t, CONVERT TABLE t TO PARTITION p, CONVERT PARTITION p TO TABLE t
            if (tokens.get(k).is("TABLE") && k > from && moved == null
                    && (tokens.get(k - 1).is("WITH") || tokens.get(k - 1).is("CONVERT") || tokens.get(k - 1).is("TO"))) {
                moved = new Cursor(tokens, k + 1, c.end()).name();
                if (moved != null) {
                    b.table(moved);
                }
            }
        }
        b.parts.add(moved == null ? new Part(Part.Kind.OTHER, from, c.end(), List.of(), Set.of())
                : new Part(Part.Kind.MOVE_ROWS, from, c.end(), List.of(table, moved), Set.of()));
    }

    private static Token name(Cursor c) {
        Token t = c.peek();
        if (t == null || !t.isName()) {
            return null;
        }
        c.next();
        return t;
    }

    private static boolean isIndexWord(Token t) {
        return t != null && (t.is("INDEX") || t.is("KEY") || t.is("CHECK") || t.is("CONSTRAINT"));
    }
}
