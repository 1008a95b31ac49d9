package dev.duplex.apply.sql;

import java.util.Locale;
import java.util.Set;

/**
 * One column of a target table as information_schema describes it.
 *
 * @param nullable      IS_NULLABLE is YES
 * @param hasDefault    COLUMN_DEFAULT is set (MariaDB reports {@code DEFAULT NULL} as the text NULL)
 * @param autoIncrement the server numbers it when no value is given
 */
public record ColumnInfo(String name, String dataType, String columnType, boolean generated, boolean nullable,
                         boolean hasDefault, boolean autoIncrement) {

    private static final Set<String> GEOMETRY_TYPES = Set.of("geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    /** A nullable column without default (what a statement may always leave out). */
    public ColumnInfo(String name, String dataType, String columnType, boolean generated) {
        this(name, dataType, columnType, generated, true, false, false);
    }

    /**
     * Whether comparing this column with a bound value by {@code <=>} tells equal values apart
     * reliably. MySQL's JSON compares as a document, not as the text we bind, and geometry
     * values have no usable equality with a binary string, so strict mode skips them.
     */
    public boolean comparable() {
        String t = dataType.toLowerCase(Locale.ROOT);
        return !t.equals("json") && !GEOMETRY_TYPES.contains(t);
    }

    public boolean temporal() {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "date", "time", "datetime", "timestamp", "year" -> true;
            default -> false;
        };
    }

    /**
     * Whether an INSERT that leaves this column out fails in strict mode (error 1364): NOT NULL,
     * no default, neither numbered by the server nor computed.
     */
    public boolean needsValue() {
        return !nullable && !hasDefault && !autoIncrement && !generated;
    }
}
