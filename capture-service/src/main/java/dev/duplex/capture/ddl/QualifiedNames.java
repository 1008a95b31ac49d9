package dev.duplex.capture.ddl;

import java.util.List;

/**
 * The dotted names of a body outside its lists of tables: {@code db.table.column} and
 * {@code db.function(...)} name their database and table; {@code t.column} names table t if t is
 * a table used without alias (decided once the whole body is read); MariaDB's {@code t.col%TYPE}
 * and {@code ROW TYPE OF t} in routine declarations name tables.
 */
final class QualifiedNames {
    private final List<Token> t;
    private final int from;
    private final int to;
    private final boolean routine;
    private final List<NameUse> out;
    private final List<Token> qualifiers;

    /** @param qualifiers where the {@code t} of {@code t.column} is collected, to resolve at the end */
    QualifiedNames(List<Token> tokens, int from, int to, boolean routine, List<NameUse> out, List<Token> qualifiers) {
        this.t = tokens;
        this.from = from;
        this.to = to;
        this.routine = routine;
        this.out = out;
        this.qualifiers = qualifiers;
    }

    private Token at(int i) {
        return i >= from && i < to ? t.get(i) : null;
    }

    /** n1.n2[.n3]: db.table.column, db.function(...), table.column (resolved at the end), t.col%TYPE. */
    int qualified(int i) {
        Token n1 = t.get(i);
        Token second = at(i + 2);
        if (second != null && second.isSymbol("*")) {
            qualifiers.add(n1);
            return i + 3;
        }
        if (second == null || !second.isName()) {
            return i + 2;
        }
        int k = i + 3;
        Token n3 = null;
        if (at(k) != null && at(k).isSymbol(".") && at(k + 1) != null && (at(k + 1).isName() || at(k + 1).isSymbol("*"))) {
            n3 = at(k + 1);
            k += 2;
        }
        Token next = at(k);
        boolean type = next != null && next.isSymbol("%") && at(k + 1) != null && at(k + 1).is("TYPE");
        if (n3 != null) {
            out.add(NameUse.table(new ObjectRef(n1, second), routine));
        } else if (next != null && next.isSymbol("(")) {
            out.add(new NameUse(NameUse.Role.ROUTINE, new ObjectRef(n1, second), null, routine));
        } else if (type) {
            out.add(NameUse.table(new ObjectRef(null, n1), routine));
        } else {
            qualifiers.add(n1);
        }
        return k;
    }

    /** MariaDB's ROW TYPE OF t in a routine's DECLARE. */
    int rowTypeOf(int i) {
        if (at(i + 1) == null || !at(i + 1).is("TYPE") || at(i + 2) == null || !at(i + 2).is("OF")) {
            return -1;
        }
        Cursor c = new Cursor(t, i + 3, to);
        ObjectRef ref = c.name();
        if (ref != null) {
            out.add(NameUse.table(ref, routine));
        }
        return c.index();
    }
}
