package dev.duplex.capture.decode;

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
 * @param systemVersioned      whether it is a MariaDB system-versioned table (TABLE_TYPE 'SYSTEM VERSIONED')
 */
public record CatalogTable(List<Column> columns, List<String> primaryKey, List<List<String>> uniqueNotNullKeys,
                           String engine, boolean systemVersioned) {
    public CatalogTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        uniqueNotNullKeys = List.copyOf(uniqueNotNullKeys);
    }

    /** A table without system versioning. */
    public CatalogTable(List<Column> columns, List<String> primaryKey, List<List<String>> uniqueNotNullKeys,
                        String engine) {
        this(columns, primaryKey, uniqueNotNullKeys, engine, false);
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
