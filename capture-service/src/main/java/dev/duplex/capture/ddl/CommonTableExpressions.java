package dev.duplex.capture.ddl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The names common table expressions give: in a body, such a name after FROM is not a table. */
final class CommonTableExpressions {
    private CommonTableExpressions() {}

    /** WITH [RECURSIVE] name [(cols)] AS (...) [, name AS (...)]... anywhere in [from, to). */
    static Set<String> names(List<Token> t, int from, int to) {
        Set<String> ctes = new HashSet<>();
        for (int k = from; k < to; k++) {
            if (t.get(k).is("WITH")) {
                Cursor c = new Cursor(t, k + 1, to);
                c.accept("RECURSIVE");
                collect(c, ctes);
            }
        }
        return ctes;
    }

    private static void collect(Cursor c, Set<String> ctes) {
        while (c.peek() != null && c.peek().isName()) {
            Token name = c.next();
            c.skipGroup();
            if (!c.at("AS") || c.peek(1) == null || !c.peek(1).isSymbol("(")) {
                return;
            }
            c.next();
            ctes.add(name.name());
            c.skipGroup();
            if (!c.acceptSymbol(",")) {
                return;
            }
        }
    }
}
