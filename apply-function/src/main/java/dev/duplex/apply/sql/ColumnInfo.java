package dev.duplex.apply.sql;

import java.util.Locale;
import java.util.Set;

/** One column of a target table as information_schema describes it. */
public record ColumnInfo(String name, String dataType, String columnType, boolean generated) {

    private static final Set<String> GEOMETRY_TYPES = Set.of("geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

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
}
