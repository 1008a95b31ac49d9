package dev.duplex.capture.ddl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the tables a view's SELECT or a routine's body uses: the names after FROM, JOIN,
 * UPDATE, INSERT/REPLACE INTO, DELETE and USING, {@code db.t.col} and {@code db.func(...)}
 * anywhere, and the table part of {@code t.col} where {@code t} is a table used without alias.
 * Common table expressions, aliases and derived tables are not tables. Column names are left as
 * written: MySQL resolves them without case.
 */
final class BodyScanner {
    private final List<Token> t;
    private final int from;
    private final int to;
    private final boolean routine;
    private final List<NameUse> out;
    private final Set<String> ctes = new HashSet<>();
    private final Set<String> aliases = new HashSet<>();
    private final List<ObjectRef> unaliased = new ArrayList<>();
    private final List<Token> qualifiers = new ArrayList<>();
    private final Deque<Level> levels = new ArrayDeque<>();
    private final QualifiedNames names;

    /** What is being read at one depth of parentheses. */
    private static final class Level {
        /** A SELECT, DELETE, UPDATE or INSERT is being read: FROM and JOIN introduce tables. */
        boolean statement;
        /** In a list of tables. */
        boolean tables;
        /** The next name is a table. */
        boolean expectTable;
        /** A derived table or nested join just closed: an alias may follow. */
        boolean aliasMayFollow;
        /** This level is a table factor of the level around it. */
        boolean factor;
    }

    BodyScanner(List<Token> tokens, int from, int to, boolean routine, List<NameUse> out) {
        this.t = tokens;
        this.from = from;
        this.to = to;
        this.routine = routine;
        this.out = out;
        this.names = new QualifiedNames(tokens, from, to, routine, out, qualifiers);
    }

    void scan() {
        ctes.addAll(CommonTableExpressions.names(t, from, to));
        levels.push(new Level());
        int i = from;
        while (i < to) {
            i = step(i);
        }
        resolveQualifiers();
    }

    private Token at(int i) {
        return i >= from && i < to ? t.get(i) : null;
    }

    private int step(int i) {
        Token tok = t.get(i);
        Level lv = levels.peek();
        if (tok.isSymbol("(")) {
            return open(i, lv);
        }
        if (tok.isSymbol(")")) {
            Level closed = levels.size() > 1 ? levels.pop() : lv;
            if (closed.factor) {
                levels.peek().aliasMayFollow = true;
            }
            return i + 1;
        }
        if (tok.isSymbol(";")) {
            levels.clear();
            levels.push(new Level());
            return i + 1;
        }
        if (lv.aliasMayFollow) {
            lv.aliasMayFollow = false;
            if (tok.is("AS") && at(i + 1) != null && at(i + 1).isName()) {
                aliases.add(at(i + 1).name());
                return i + 2;
            }
            if (tok.isName() && Keywords.canBeAlias(tok)) {
                aliases.add(tok.name());
                return i + 1;
            }
        }
        if (tok.isSymbol(",") && lv.tables) {
            lv.expectTable = true;
            return i + 1;
        }
        if (tok.type() == Token.Type.WORD) {
            int next = keyword(i, tok, lv);
            if (next >= 0) {
                return next;
            }
        }
        if (lv.tables && lv.expectTable && tok.isName()) {
            return tableFactor(i, lv);
        }
        if (tok.isName() && at(i + 1) != null && at(i + 1).isSymbol(".")) {
            return names.qualified(i);
        }
        return i + 1;
    }

    private int open(int i, Level lv) {
        Level inner = new Level();
        if (lv.tables && lv.expectTable) {
            Token next = at(i + 1);
            boolean derived = next != null && (next.is("SELECT") || next.is("WITH") || next.is("VALUES"));
            inner.statement = true;
            inner.tables = !derived;
            inner.expectTable = !derived;
            inner.factor = true;
            lv.expectTable = false;
        }
        levels.push(inner);
        return i + 1;
    }

    /** Handles a keyword; returns where to go on, or -1 when the word is not one that matters here. */
    private int keyword(int i, Token tok, Level lv) {
        switch (tok.upper()) {
            case "SELECT" -> {
                lv.statement = true;
                lv.tables = false;
                lv.expectTable = false;
                return i + 1;
            }
            case "FROM", "JOIN", "STRAIGHT_JOIN" -> {
                if (lv.statement) {
                    lv.tables = true;
                    lv.expectTable = true;
                }
                return i + 1;
            }
            case "USING" -> {
                Token next = at(i + 1);
                lv.tables = lv.statement && next != null && !next.isSymbol("(");
                lv.expectTable = lv.tables;
                return i + 1;
            }
            case "USE", "IGNORE", "FORCE" -> {
                return lv.tables && at(i + 1) != null && (at(i + 1).is("INDEX") || at(i + 1).is("KEY"))
                        ? skipThroughGroup(i + 1) : -1;
            }
            case "PARTITION" -> {
                return lv.tables && at(i + 1) != null && at(i + 1).isSymbol("(") ? skipThroughGroup(i + 1) : -1;
            }
            default -> {
                return statementKeyword(i, tok, lv);
            }
        }
    }

    /** UPDATE, INSERT/REPLACE, DELETE, CALL, ROW TYPE OF, and the words that end a list of tables. */
    private int statementKeyword(int i, Token tok, Level lv) {
        switch (tok.upper()) {
            case "UPDATE" -> {
                return statementStart(i) ? update(i, lv) : i + 1;
            }
            case "INSERT", "REPLACE" -> {
                Token next = at(i + 1);
                return next != null && next.isSymbol("(") ? i + 1 : insert(i, lv);
            }
            case "DELETE" -> {
                lv.statement = true;
                return deleteTargets(i + 1);
            }
            case "CALL" -> {
                Cursor c = new Cursor(t, i + 1, to);
                ObjectRef r = c.name();
                if (r != null && r.qualified()) {
                    out.add(new NameUse(NameUse.Role.ROUTINE, r, null, routine));
                }
                return c.index();
            }
            case "ROW" -> {
                return names.rowTypeOf(i);
            }
            default -> {
                if (Keywords.endsTables(tok)) {
                    lv.tables = false;
                    lv.expectTable = false;
                    return tok.is("ON") || tok.is("SET") ? i + 1 : -1;
                }
                return -1;
            }
        }
    }

    private int update(int i, Level lv) {
        lv.statement = true;
        lv.tables = true;
        lv.expectTable = true;
        Cursor c = new Cursor(t, i + 1, to);
        c.accept("LOW_PRIORITY");
        c.accept("IGNORE");
        return c.index();
    }

    /** UPDATE starts a statement unless it is ON UPDATE, FOR UPDATE, KEY UPDATE, BEFORE/AFTER UPDATE. */
    private boolean statementStart(int i) {
        Token prev = at(i - 1);
        return prev == null || !(prev.is("ON") || prev.is("FOR") || prev.is("KEY") || prev.is("BEFORE")
                || prev.is("AFTER") || prev.is("OF"));
    }

    private int insert(int i, Level lv) {
        Cursor c = new Cursor(t, i + 1, to);
        c.acceptAny("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY");
        c.accept("IGNORE");
        c.accept("INTO");
        ObjectRef ref = c.name();
        if (ref != null) {
            out.add(NameUse.table(ref, routine));
            unaliased.add(ref);
        }
        lv.statement = true;
        return c.index();
    }

    /** DELETE [LOW_PRIORITY] [QUICK] [IGNORE] t1[.*], t2 FROM ...: the names before FROM are tables or aliases. */
    private int deleteTargets(int i) {
        Cursor c = new Cursor(t, i, to);
        c.accept("LOW_PRIORITY");
        c.accept("QUICK");
        c.accept("IGNORE");
        while (!c.atEnd() && !c.at("FROM")) {
            ObjectRef ref = c.name();
            if (ref == null) {
                c.next();
            } else if (ref.qualified()) {
                out.add(NameUse.table(ref, routine));
            } else {
                qualifiers.add(ref.name());
            }
            if (c.atSymbol(".") && c.peek(1) != null && c.peek(1).isSymbol("*")) {
                c.next();
                c.next();
            }
        }
        return c.index();
    }

    private int tableFactor(int i, Level lv) {
        Cursor c = new Cursor(t, i, to);
        ObjectRef ref = c.name();
        lv.expectTable = false;
        if (c.atSymbol("(")) {
            return c.index(); // a table function (JSON_TABLE...): not a table
        }
        if (!ref.qualified() && (ctes.contains(ref.object()) || ref.name().is("DUAL"))) {
            lv.aliasMayFollow = true;
            return c.index();
        }
        out.add(NameUse.table(ref, routine));
        if (c.at("PARTITION") && c.peek(1) != null && c.peek(1).isSymbol("(")) {
            c.next();
            c.skipGroup();
        }
        Token a = c.peek();
        if (a != null && a.is("AS") && c.peek(1) != null && c.peek(1).isName()) {
            c.next();
            aliases.add(c.next().name());
        } else if (a != null && a.isName() && Keywords.canBeAlias(a)) {
            c.next();
            aliases.add(a.name());
        } else {
            unaliased.add(ref);
        }
        return c.index();
    }

    private int skipThroughGroup(int i) {
        int k = i;
        while (k < to && !t.get(k).isSymbol("(")) {
            k++;
        }
        return k < to ? new Cursor(t, from, to).closeOf(k) : to;
    }

    /** t in t.col or DELETE t: the table when t is a table used without alias (not an alias, not a variable). */
    private void resolveQualifiers() {
        for (Token q : qualifiers) {
            if (aliases.contains(q.name())) {
                continue;
            }
            unaliased.stream().filter(r -> r.object().equals(q.name())).findFirst()
                    .ifPresent(r -> out.add(new NameUse(NameUse.Role.QUALIFIER, new ObjectRef(null, q), r, routine)));
        }
    }
}
