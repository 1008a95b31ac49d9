package dev.duplex.capture.decode;

import dev.duplex.core.sql.TableTypes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A table as information_schema describes it now (which may differ from the binlog's past).
 *
 * @param primaryKey           primary key columns, empty if none
 * @param uniqueNotNullKeys    unique keys whose columns are all NOT NULL, in index order
 * @param engine               information_schema.TABLES.ENGINE; null when the server does not say
 *                             (a table it cannot open)
 * @param type                 information_schema.TABLES.TABLE_TYPE; null when the server does not say
 */
public record CatalogTable(List<Column> columns, List<String> primaryKey, List<List<String>> uniqueNotNullKeys,
                           String engine, String type) {
    public CatalogTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueNotNullKeys = List.copyOf(uniqueNotNullKeys);
    }

    /** A base table. */
    public CatalogTable(List<Column> columns, List<String> primaryKey, List<List<String>> uniqueNotNullKeys,
                        String engine) {
        this(columns, primaryKey, uniqueNotNullKeys, engine, "BASE TABLE");
    }

    /** Whether it is a MariaDB system-versioned table ({@link TableTypes}). */
    public boolean systemVersioned() {
        return TableTypes.isSystemVersioned(type);
    }

    /** Whether it is a MariaDB sequence. */
    public boolean sequence() {
        return TableTypes.isSequence(type);
    }

    /** The identifying key: primary key, else the first unique NOT NULL key, else empty. */
    public List<String> identifyingKey() {
        return !primaryKey.isEmpty() ? primaryKey : uniqueNotNullKeys.isEmpty() ? List.of() : uniqueNotNullKeys.get(0);
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * @param columnType  as information_schema.COLUMNS.COLUMN_TYPE, e.g. "int(10) unsigned", "enum('a','b')"
     * @param charset     character set name, null for non-character columns
     */
    public record Column(String name, String dataType, String columnType, String charset, boolean generated,
                         boolean json) {
        public boolean unsigned() {
            return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        }
    }
}
