package dev.duplex.capture.ddl;

import java.util.ArrayList;
import java.util.List;

/** What the grammars collect while reading one statement. */
final class Builder {
    final List<Token> tokens;
    final String sql;
    final List<NameUse> names = new ArrayList<>();
    final List<Part> parts = new ArrayList<>();
    final List<int[]> expressions = new ArrayList<>();
    ObjectRef target;
    ObjectRef on;
    int[] definer;

    Builder(List<Token> tokens, String sql) {
        this.tokens = tokens;
        this.sql = sql;
    }

    void table(ObjectRef ref) {
        names.add(NameUse.table(ref, false));
    }

    void column(Token column, ObjectRef table) {
        names.add(NameUse.column(column, table));
    }

    Ddl build(Ddl.Kind kind) {
        names.sort((x, y) -> Integer.compare(x.ref().name().start(), y.ref().name().start()));
        return new Ddl(kind, target, on, names, parts, expressions, definer, tokens, sql);
    }
}
