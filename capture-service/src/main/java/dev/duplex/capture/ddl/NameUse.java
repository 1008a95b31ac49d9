package dev.duplex.capture.ddl;

/**
 * One name in a statement that has a node-b spelling.
 *
 * @param role    what it names
 * @param ref     the name (for a column: the column in {@code ref.name()}, its table in {@code owner})
 * @param owner   for a column or a column's table qualifier: the table it belongs to; else null
 * @param routine the name stands in a routine body: an unqualified one means the routine's database
 *                when the routine runs, whatever the session's default database is
 */
public record NameUse(Role role, ObjectRef ref, ObjectRef owner, boolean routine) {

    public enum Role {
        /** A table (or a view used as one): database and table get node b's names. */
        TABLE,
        /** The name a view is created or altered under: named like a table. */
        VIEW,
        /** A stored function or procedure: only its database is renamed (routine names are not). */
        ROUTINE,
        /** A column of {@code owner}: recapitalized. */
        COLUMN,
        /** The table part of a qualified column name ({@code t.c}): named as the table {@code owner}. */
        QUALIFIER
    }

    static NameUse table(ObjectRef ref, boolean routine) {
        return new NameUse(Role.TABLE, ref, null, routine);
    }

    static NameUse column(Token column, ObjectRef table) {
        return new NameUse(Role.COLUMN, new ObjectRef(null, column), table, false);
    }
}
