package dev.duplex.capture.ddl;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed DDL statement of the reference's list: what it is, what it acts on, every name it
 * uses (with its place in the text) and the pieces it can be cut into.
 *
 * @param kind    the statement
 * @param target  the table, view or routine it creates or changes; null for DROP TABLE and RENAME TABLE
 *                (their tables are in the parts)
 * @param on      CREATE TRIGGER's table (for recognizing pt-online-schema-change); else null
 * @param names   every name with a node-b spelling, in text order
 * @param parts   the pieces that can be left out one by one (empty for statements that are all or nothing)
 * @param expressions token ranges [from, to) of expressions over the target table's columns (defaults,
 *                generated columns, checks, functional key parts, partitioning): where its column names may be
 * @param definer token range [from, to) of {@code DEFINER = account}, or null
 * @param tokens  the statement's tokens
 * @param sql     the statement as written
 */
public record Ddl(Kind kind, ObjectRef target, ObjectRef on, List<NameUse> names, List<Part> parts,
                  List<int[]> expressions, int[] definer,
                  List<Token> tokens, String sql) {

    public enum Kind {
        ALTER_TABLE, CREATE_TABLE, CREATE_INDEX, DROP_INDEX, DROP_TABLE, RENAME_TABLE, TRUNCATE_TABLE,
        CREATE_VIEW, ALTER_VIEW, CREATE_FUNCTION, CREATE_PROCEDURE,
        /** Not synchronized: parsed only to recognize pt-online-schema-change's triggers. */
        CREATE_TRIGGER;

        /** Statements on a table (its selection decides). */
        public boolean onTable() {
            return this == ALTER_TABLE || this == CREATE_TABLE || this == CREATE_INDEX || this == DROP_INDEX
                    || this == TRUNCATE_TABLE;
        }

        /** Views and routines: synchronized with a database selected whole. */
        public boolean schemaObject() {
            return this == CREATE_VIEW || this == ALTER_VIEW || this == CREATE_FUNCTION || this == CREATE_PROCEDURE;
        }
    }

    /**
     * The tables that exist once the statement ran and whose definition it set: the target of a
     * table statement and the new names of a rename (what the storage-engine check looks at).
     */
    public List<ObjectRef> changedTables() {
        List<ObjectRef> out = new ArrayList<>();
        if (kind.onTable()) {
            out.add(target);
        }
        for (Part p : parts) {
            if (p.kind() == Part.Kind.RENAME_PAIR) {
                out.add(p.tables().get(1));
            }
        }
        return out;
    }

    public Ddl {
        names = List.copyOf(names);
        parts = List.copyOf(parts);
        expressions = List.copyOf(expressions);
        tokens = List.copyOf(tokens);
    }
}
