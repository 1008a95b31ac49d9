package dev.duplex.precheck.facts;

import dev.duplex.core.sql.TableTypes;
import java.util.List;
import java.util.Optional;

/**
 * One table of a node as information_schema describes it.
 *
 * @param view            whether it is a view rather than a base table
 * @param engine          information_schema.TABLES.ENGINE; null for a view or a table the server cannot open
 * @param type            information_schema.TABLES.TABLE_TYPE ('BASE TABLE', 'VIEW', MariaDB's 'SYSTEM
 *                        VERSIONED' and 'SEQUENCE', ...)
 */
public record TableFacts(String database, String name, boolean view, String engine, String type,
                         List<Column> columns,
                         List<Index> indexes, List<ForeignKey> foreignKeys, List<Trigger> triggers) {

    public TableFacts {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        triggers = List.copyOf(triggers);
    }

    /**
     * @param charset   null for non-text columns
     * @param invisible whether SELECT * leaves it out (MySQL 8.0.23+, MariaDB 10.3+)
     */
    public record Column(String name, String type, boolean nullable, String charset, boolean invisible) {}

    /** A PRIMARY or UNIQUE key, or a plain index ({@code unique} false). */
    public record Index(String name, boolean unique, List<String> columns) {
        public Index {
            columns = List.copyOf(columns);
        }

        public boolean primary() {
            return name.equals("PRIMARY");
        }
    }

    public record ForeignKey(String name, List<String> columns, String referencedDatabase, String referencedTable,
                             List<String> referencedColumns, String updateRule, String deleteRule) {
        public ForeignKey {
            columns = List.copyOf(columns);
            referencedColumns = List.copyOf(referencedColumns);
        }
    }

    /** @param event INSERT, UPDATE or DELETE; @param timing BEFORE or AFTER */
    public record Trigger(String name, String event, String timing) {}

    /** Whether it is a MariaDB system-versioned table ({@link TableTypes}). */
    public boolean systemVersioned() {
        return TableTypes.isSystemVersioned(type);
    }

    /** Whether it is a MariaDB sequence. */
    public boolean sequence() {
        return TableTypes.isSequence(type);
    }

    public Optional<Column> column(String column) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst();
    }

    /**
     * The key that identifies rows: the primary key, else the first unique key whose columns are
     * all NOT NULL (NULLs in a unique key do not identify a row).
     */
    public Optional<Index> rowKey() {
        Optional<Index> primary = indexes.stream().filter(Index::primary).findFirst();
        if (primary.isPresent()) {
            return primary;
        }
        return indexes.stream().filter(Index::unique)
                .filter(i -> i.columns().stream().allMatch(c -> column(c).map(col -> !col.nullable()).orElse(false)))
                .findFirst();
    }

    /** Unique keys with a nullable column: they do not identify rows by themselves. */
    public List<Index> nullableUniqueKeys() {
        return indexes.stream().filter(i -> i.unique() && !i.primary())
                .filter(i -> i.columns().stream().anyMatch(c -> column(c).map(Column::nullable).orElse(true)))
                .toList();
    }
}
