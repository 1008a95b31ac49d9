package dev.duplex.capture.ddl;

import java.util.List;
import java.util.Set;

/**
 * A piece of a statement that can be kept or left out on its own: one clause of an ALTER TABLE,
 * one definition of a CREATE TABLE, one table of a DROP TABLE, one pair of a RENAME TABLE.
 *
 * @param kind    what the piece does
 * @param from    index of its first token
 * @param to      index just after its last token
 * @param tables  the tables it names: the dropped table, the RENAME pair (from, to), a foreign key's parent
 * @param columns the columns of the statement's table it names (as written), for the column selection
 * @param after   token range [after[0], after[1]) of a trailing {@code FIRST}/{@code AFTER col}, or null
 * @param afterColumn the column an {@code AFTER} names, or null
 */
public record Part(Kind kind, int from, int to, List<ObjectRef> tables, Set<String> columns, int[] after,
                   String afterColumn) {

    public enum Kind {
        /** Adds, changes, renames or drops a column, or sets its default. */
        COLUMN,
        /** An index, key, foreign key or check: applies only where its columns exist. */
        INDEX,
        /** Drops an index, key or constraint by its name. */
        DROP_INDEX,
        /** {@code ORDER BY} columns. */
        ORDER,
        /** {@code ALGORITHM=} or {@code LOCK=}: says how, changes nothing by itself. */
        MODIFIER,
        /** Anything else: table options, partitioning, FORCE, RENAME TO: kept as it is. */
        OTHER,
        /** One table of DROP TABLE. */
        DROP_ITEM,
        /** One pair of RENAME TABLE: tables (from, to). */
        RENAME_PAIR,
        /**
         * A partition clause that moves rows between the statement's table and another one, with no
         * row event in the binlog: EXCHANGE PARTITION ... WITH TABLE, CONVERT TABLE ... TO PARTITION,
         * CONVERT PARTITION ... TO TABLE. Tables (the statement's table, the other one); kept as it is.
         */
        MOVE_ROWS
    }

    public Part {
        tables = List.copyOf(tables);
        columns = Set.copyOf(columns);
    }

    Part(Kind kind, int from, int to, List<ObjectRef> tables, Set<String> columns) {
        this(kind, from, to, tables, columns, null, null);
    }
}
